package org.t3d.models;

/** The golden sets' tiny architectures (growth 4, blocks (2,2,2,2), 8 init features, TTL 6 channels per branch). */
final class TinyConfigs {

    static final T3dConfig T3D = T3dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2).numInitFeatures(8)
            .ttl(TtlConfig.PAPER.withBranchChannels(6)).numClasses(5).input(16, 32).build();

    static final DenseNet3dConfig DENSENET3D = DenseNet3dConfig.builder().growthRate(4).blockConfig(2, 2, 2, 2)
            .numInitFeatures(8).numClasses(5).input(16, 32).build();

    private TinyConfigs() {
    }
}
