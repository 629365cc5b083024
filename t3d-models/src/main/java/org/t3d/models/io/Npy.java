package org.t3d.models.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pure-Java reader and writer of NumPy {@code .npy} files (no Python, no pickles).
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0; little-endian {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8},
 * {@code |b1} (bool) and {@code |u1}/{@code |i1}; C order; any rank (0-d arrays become scalars of rank 0). Writes
 * version 1.0 (2.0 when the header needs it), C order, little-endian, from FLOAT, DOUBLE, INT, LONG, BOOL, UINT8 and
 * BYTE arrays. Big-endian data, Fortran order and object arrays are rejected with a message naming the source.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return the array, in the data type of the file
     * @throws IOException when the file cannot be read or is not a valid .npy file (the message names the file)
     */
    public static INDArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads one {@code .npy} array from a stream (which is read to the end of the array's data).
     *
     * @param in     the stream
     * @param source name used in error messages (file or zip entry)
     * @return the array, in the data type of the file
     * @throws IOException when the stream is not a valid .npy array
     */
    public static INDArray read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(source + ": not a NumPy .npy file (bad magic)");
        }
        int major = magic[6] & 0xff;
        int headerLen;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            if (b.length < 2) {
                throw new IOException(source + ": truncated .npy header");
            }
            headerLen = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) {
                throw new IOException(source + ": truncated .npy header");
            }
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException(source + ": unsupported .npy format version " + major + "." + (magic[7] & 0xff));
        }
        if (headerLen < 0 || headerLen > 1 << 24) {
            throw new IOException(source + ": implausible .npy header length " + headerLen);
        }
        byte[] hb = in.readNBytes(headerLen);
        if (hb.length < headerLen) {
            throw new IOException(source + ": truncated .npy header");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(source + ": malformed .npy header: " + header.trim());
        }
        String descr = d.group(1);
        if ("True".equals(f.group(1))) {
            throw new IOException(source + ": Fortran-order arrays are not supported (save with C order)");
        }
        long[] shape = parseShape(s.group(1), source);
        DataType type = dataType(descr, source);
        long n = 1;
        for (long x : shape) {
            n = Math.multiplyExact(n, x);
        }
        int width = type.width();
        long bytes = n * width;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IOException(source + ": array of " + bytes + " bytes is too large");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IOException(source + ": truncated .npy data: expected " + bytes + " bytes for shape "
                    + Arrays.toString(shape) + " " + descr + ", got " + data.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int len = (int) n;
        INDArray out;
        switch (type) {
            case FLOAT: {
                float[] a = new float[len];
                buf.asFloatBuffer().get(a);
                out = Nd4j.create(a, shape, 'c');
                break;
            }
            case DOUBLE: {
                double[] a = new double[len];
                buf.asDoubleBuffer().get(a);
                out = Nd4j.create(a, shape, 'c');
                break;
            }
            case INT: {
                int[] a = new int[len];
                buf.asIntBuffer().get(a);
                out = Nd4j.createFromArray(a).reshape('c', shape);
                break;
            }
            case LONG: {
                long[] a = new long[len];
                buf.asLongBuffer().get(a);
                out = Nd4j.createFromArray(a).reshape('c', shape);
                break;
            }
            case BOOL: {
                boolean[] a = new boolean[len];
                for (int i = 0; i < len; i++) {
                    a[i] = data[i] != 0;
                }
                out = Nd4j.createFromArray(a).reshape('c', shape);
                break;
            }
            case UBYTE: {
                int[] a = new int[len];
                for (int i = 0; i < len; i++) {
                    a[i] = data[i] & 0xff;
                }
                out = Nd4j.createFromArray(a).castTo(DataType.UBYTE).reshape('c', shape);
                break;
            }
            case BYTE: {
                out = Nd4j.createFromArray(data).reshape('c', shape);
                break;
            }
            default:
                throw new IOException(source + ": unsupported dtype " + descr);
        }
        return out;
    }

    private static long[] parseShape(String text, String source) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            p = p.endsWith("L") ? p.substring(0, p.length() - 1) : p;
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": bad shape (" + text + ") in .npy header");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static DataType dataType(String descr, String source) throws IOException {
        if (descr.length() >= 2 && descr.charAt(0) == '>' && !descr.endsWith("1")) {
            throw new IOException(source + ": big-endian dtype '" + descr + "' is not supported (save little-endian)");
        }
        switch (descr) {
            case "<f4":
                return DataType.FLOAT;
            case "<f8":
                return DataType.DOUBLE;
            case "<i4":
                return DataType.INT;
            case "<i8":
                return DataType.LONG;
            case "|b1":
                return DataType.BOOL;
            case "|u1":
                return DataType.UBYTE;
            case "|i1":
                return DataType.BYTE;
            default:
                throw new IOException(source + ": unsupported dtype '" + descr
                        + "' (supported: <f4, <f8, <i4, <i8, |b1, |u1, |i1)");
        }
    }

    /**
     * Writes {@code array} as a {@code .npy} file.
     *
     * @param file  target file (overwritten)
     * @param array the array (any order; written in C order)
     * @throws IOException when writing fails
     */
    public static void write(Path file, INDArray array) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, array);
        }
    }

    /**
     * Writes {@code array} as {@code .npy} bytes to a stream.
     *
     * @param out   the stream (not closed)
     * @param array FLOAT, DOUBLE, INT, LONG, BOOL, UINT8 or BYTE array
     * @throws IOException when writing fails
     * @throws IllegalArgumentException for another data type
     */
    public static void write(OutputStream out, INDArray array) throws IOException {
        out.write(toBytes(array));
    }

    /** @return the complete .npy file content of {@code array} */
    public static byte[] toBytes(INDArray array) {
        DataType t = array.dataType();
        String descr;
        switch (t) {
            case FLOAT:
                descr = "<f4";
                break;
            case DOUBLE:
                descr = "<f8";
                break;
            case INT:
                descr = "<i4";
                break;
            case LONG:
                descr = "<i8";
                break;
            case BOOL:
                descr = "|b1";
                break;
            case UBYTE:
                descr = "|u1";
                break;
            case BYTE:
                descr = "|i1";
                break;
            default:
                throw new IllegalArgumentException("cannot write " + t + " arrays as .npy (supported: FLOAT, DOUBLE, "
                        + "INT, LONG, BOOL, UINT8, BYTE)");
        }
        long[] shape = array.shape();
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int major = dict.length() + 11 > 65535 ? 2 : 1;
        int pre = major == 1 ? 10 : 12;
        int total = pre + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.writeBytes(MAGIC);
        bos.write(major);
        bos.write(0);
        int hl = header.length();
        if (major == 1) {
            bos.write(hl & 0xff);
            bos.write(hl >>> 8 & 0xff);
        } else {
            bos.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(hl).array());
        }
        bos.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        INDArray c = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        long n = c.length();
        ByteBuffer buf = ByteBuffer.allocate((int) (n * t.width())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t) {
            case FLOAT:
                buf.asFloatBuffer().put(c.data().asFloat(), 0, (int) n);
                break;
            case DOUBLE:
                buf.asDoubleBuffer().put(c.data().asDouble(), 0, (int) n);
                break;
            case INT:
                buf.asIntBuffer().put(c.data().asInt(), 0, (int) n);
                break;
            case LONG:
                buf.asLongBuffer().put(c.data().asLong(), 0, (int) n);
                break;
            case BOOL: {
                for (int i = 0; i < n; i++) {
                    buf.put(i, (byte) (c.getDouble(i) != 0 ? 1 : 0));
                }
                break;
            }
            default: {
                for (int i = 0; i < n; i++) {
                    buf.put(i, (byte) c.getInt(i));
                }
            }
        }
        bos.writeBytes(buf.array());
        return bos.toByteArray();
    }
}
