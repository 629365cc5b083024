package org.t3d.core.layers;

import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.t3d.core.layers.OneDnnRuntime.check;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The native objects of one cached set of primitives (descriptors, primitives, memory objects), created through this
 * class so that {@link #destroy()} releases them all when the set is evicted.
 */
final class OneDnnResources {

    private final List<Pointer> structs = new ArrayList<>();
    private final List<dnnl_primitive> primitives = new ArrayList<>();
    private final List<dnnl_primitive_desc> primitiveDescs = new ArrayList<>();
    private final List<dnnl_memory> memories = new ArrayList<>();
    private final List<dnnl_primitive_attr> attrs = new ArrayList<>();
    private final List<dnnl_post_ops> postOps = new ArrayList<>();

    /**
     * @param <P> the struct type
     * @param p   a JavaCPP-allocated struct (an operation descriptor) to free on {@link #destroy()}
     * @return {@code p}
     */
    <P extends Pointer> P own(P p) {
        structs.add(p);
        return p;
    }

    /**
     * @param dims dimensions
     * @param tag  a {@code dnnl_format_tag_t} ({@code dnnl_ncdhw}, {@code dnnl_format_tag_any}, ...)
     * @return a float32 memory descriptor
     */
    dnnl_memory_desc_t desc(long[] dims, int tag) {
        dnnl_memory_desc_t md = own(new dnnl_memory_desc_t());
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dnnl_f32, tag), "memory descriptor");
        return md;
    }

    /**
     * @param dims    dimensions
     * @param strides strides in elements (a transposed view: swapped strides)
     * @return a float32 memory descriptor with explicit strides
     */
    dnnl_memory_desc_t descByStrides(long[] dims, long[] strides) {
        dnnl_memory_desc_t md = own(new dnnl_memory_desc_t());
        check(dnnl_memory_desc_init_by_strides(md, dims.length, dims, dnnl_f32, strides), "strided memory descriptor");
        return md;
    }

    /**
     * @param opDesc an initialised operation descriptor
     * @param hint   the forward primitive descriptor for backward primitives, else null
     * @param what   name for error messages
     * @return the primitive descriptor of the best implementation
     */
    dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_desc hint, String what) {
        return primitiveDesc(opDesc, null, hint, what);
    }

    /**
     * @param opDesc an initialised operation descriptor
     * @param attr   primitive attributes (post-ops), or null
     * @param hint   the forward primitive descriptor for backward primitives, else null
     * @param what   name for error messages
     * @return the primitive descriptor of the best implementation
     */
    dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_attr attr, dnnl_primitive_desc hint,
            String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, OneDnnRuntime.engine(), hint),
                what + " primitive descriptor");
        primitiveDescs.add(pd);
        return pd;
    }

    /** @return an empty post-op chain, released on {@link #destroy()} */
    dnnl_post_ops postOps() {
        dnnl_post_ops po = new dnnl_post_ops();
        check(dnnl_post_ops_create(po), "post-ops");
        postOps.add(po);
        return po;
    }

    /**
     * @param po post-ops to attach
     * @return primitive attributes holding {@code po}, released on {@link #destroy()}
     */
    dnnl_primitive_attr attributes(dnnl_post_ops po) {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attr), "primitive attributes");
        attrs.add(attr);
        check(dnnl_primitive_attr_set_post_ops(attr, po), "post-ops attribute");
        return attr;
    }

    /**
     * @param pd a primitive descriptor
     * @return the name of the implementation oneDNN chose (e.g. {@code jit:avx512_core})
     */
    static String implementation(dnnl_primitive_desc pd) {
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
            check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, out), "implementation query");
            return out.get(BytePointer.class, 0).getString();
        }
    }

    /**
     * @param pd a primitive descriptor from this object
     * @return its primitive
     */
    dnnl_primitive primitive(dnnl_primitive_desc pd) {
        dnnl_primitive p = new dnnl_primitive();
        check(dnnl_primitive_create(p, pd), "primitive");
        primitives.add(p);
        return p;
    }

    /**
     * @param from source layout
     * @param to   destination layout
     * @return a reorder primitive between them
     */
    dnnl_primitive reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, from, OneDnnRuntime.engine(), to, OneDnnRuntime.engine(), null),
                "reorder");
        primitiveDescs.add(pd);
        return primitive(pd);
    }

    /**
     * @param md a memory descriptor
     * @return a memory object without data (every call binds data before executing)
     */
    dnnl_memory memory(dnnl_memory_desc_t md) {
        dnnl_memory m = new dnnl_memory();
        check(dnnl_memory_create(m, md, OneDnnRuntime.engine(), (Pointer) null), "memory");
        memories.add(m);
        return m;
    }

    /** Releases every native object created through this instance. Call with the oneDNN lock ({@link OneDnnRuntime#hold}) held. */
    void destroy() {
        primitives.forEach(p -> dnnl_primitive_destroy(p));
        memories.forEach(m -> dnnl_memory_destroy(m));
        primitiveDescs.forEach(pd -> dnnl_primitive_desc_destroy(pd));
        attrs.forEach(a -> dnnl_primitive_attr_destroy(a));
        postOps.forEach(po -> dnnl_post_ops_destroy(po));
        structs.forEach(Pointer::close);
    }
}
