package org.t3d.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Both modes of {@link LazyBatchIterator}: order, start offset, reset, loader errors, end of data. */
class LazyBatchIteratorTest {

    private static MultiDataSet batch(int i) {
        return new MultiDataSet(Nd4j.scalar(DataType.FLOAT, i).reshape(1, 1), Nd4j.zeros(DataType.FLOAT, 1, 1));
    }

    private static List<Integer> drain(MultiDataSetIterator it) {
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next().getFeatures(0).getInt(0));
        }
        return out;
    }

    @Test
    void inlineAndPrefetchingGiveTheSameBatchesInOrder() {
        assertEquals(List.of(0, 1, 2, 3), drain(new LazyBatchIterator(4, LazyBatchIteratorTest::batch)));
        List<Integer> loaded = new CopyOnWriteArrayList<>();
        LazyBatchIterator p = LazyBatchIterator.prefetching(1, 4, i -> {
            loaded.add(i);
            return batch(i);
        }, "test-prefetch");
        assertEquals(List.of(1, 2, 3), drain(p));
        assertEquals(List.of(1, 2, 3), loaded, "each batch loaded once, in order, from the start offset");
        assertThrows(NoSuchElementException.class, p::next);
        p.reset();
        assertEquals(List.of(1, 2, 3), drain(p));
        assertFalse(LazyBatchIterator.prefetching(4, 4, LazyBatchIteratorTest::batch, "empty").hasNext());
    }

    @Test
    void loaderErrorsSurfaceInNext() {
        LazyBatchIterator p = LazyBatchIterator.prefetching(0, 3, i -> {
            if (i == 1) {
                throw new IllegalStateException("cannot read video_001.avi");
            }
            return batch(i);
        }, "test-errors");
        assertEquals(0, p.next().getFeatures(0).getInt(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, p::next);
        assertEquals("cannot read video_001.avi", e.getMessage());
    }
}
