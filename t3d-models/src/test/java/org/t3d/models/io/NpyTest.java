package org.t3d.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading files written by NumPy, round trips, and the errors for unsupported or broken files. */
class NpyTest {

    private static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEverySupportedNumpyDtype() throws IOException {
        INDArray f4 = Npy.read(fixture("f4_2x3.npy"));
        assertEquals(DataType.FLOAT, f4.dataType());
        assertArrayEquals(new long[] {2, 3}, f4.shape());
        assertEquals(1.25f, f4.getFloat(1, 2));
        INDArray f8 = Npy.read(fixture("f8_3.npy"));
        assertEquals(DataType.DOUBLE, f8.dataType());
        assertEquals(1e300, f8.getDouble(2));
        assertEquals(-2.25, f8.getDouble(1));
        INDArray i4 = Npy.read(fixture("i4_2x2x2.npy"));
        assertEquals(DataType.INT, i4.dataType());
        assertEquals(4, i4.getInt(1, 1, 1));
        INDArray i8 = Npy.read(fixture("i8_scalar.npy"));
        assertEquals(DataType.LONG, i8.dataType());
        assertEquals(0, i8.rank());
        assertEquals(-7L, i8.getLong(0));
        INDArray b = Npy.read(fixture("b1_4.npy"));
        assertEquals(DataType.BOOL, b.dataType());
        assertEquals("[true, false, true, true]", java.util.Arrays.toString(b.toIntVector()).replace("1", "true")
                .replace("0", "false"));
        INDArray v2 = Npy.read(fixture("f4_v2.npy"));
        assertArrayEquals(new long[] {4, 1}, v2.shape());
        assertEquals(3f, v2.getFloat(3, 0));
    }

    @Test
    void readsNpzStoredAndCompressed() throws IOException {
        for (String f : new String[] {"small.npz", "small_compressed.npz"}) {
            Map<String, INDArray> m = Npz.read(fixture(f));
            assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(m.keySet()));
            assertEquals(4.0, m.get("a").sumNumber().doubleValue());
            assertEquals(DataType.LONG, m.get("b").dataType());
        }
    }

    @Test
    void roundTripsEveryWritableType(@TempDir Path tmp) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("f", Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5, 6));
        arrays.put("d", Nd4j.rand(DataType.DOUBLE, 7));
        arrays.put("i", Nd4j.createFromArray(new int[] {1, -2, 3}));
        arrays.put("l", Nd4j.createFromArray(new long[] {Long.MAX_VALUE, -1}).reshape(1, 2));
        arrays.put("b", Nd4j.createFromArray(new boolean[] {true, false}));
        arrays.put("view", Nd4j.rand(DataType.FLOAT, 4, 4).transpose());
        arrays.put("scalar", Nd4j.scalar(2.5));
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            Path f = tmp.resolve(e.getKey() + ".npy");
            Npy.write(f, e.getValue());
            byte[] bytes = Files.readAllBytes(f);
            int headerEnd = 10 + ((bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
            assertEquals(0, headerEnd % 64, "header is 64-byte aligned as NumPy writes it");
            INDArray back = Npy.read(f);
            assertEquals(e.getValue().dataType(), back.dataType(), e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertEquals(e.getValue(), back, e.getKey());
        }
        Path npz = tmp.resolve("all.npz");
        Npz.write(npz, arrays);
        Map<String, INDArray> back = Npz.read(npz);
        assertEquals(arrays.keySet(), back.keySet());
        arrays.forEach((k, v) -> assertEquals(v, back.get(k), k));
        Files.createDirectory(tmp.resolve("dir"));
        Npy.write(tmp.resolve("dir/x.npy"), arrays.get("f"));
        assertEquals(arrays.get("f"), Npz.read(tmp.resolve("dir")).get("x"));
    }

    @Test
    void rejectsUnsupportedAndBrokenFilesNamingTheSource(@TempDir Path tmp) throws IOException {
        IOException e = assertThrows(IOException.class, () -> Npy.read(fixture("fortran.npy")));
        assertTrue(e.getMessage().contains("Fortran") && e.getMessage().contains("fortran.npy"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npy.read(fixture("bigendian.npy")));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(
                "hello world, not numpy".getBytes(StandardCharsets.US_ASCII)), "greeting.txt"));
        assertTrue(e.getMessage().contains("greeting.txt") && e.getMessage().contains("magic"), e.getMessage());
        byte[] full = Files.readAllBytes(fixture("f8_3.npy"));
        e = assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(java.util.Arrays.copyOf(full,
                full.length - 5)), "cut.npy"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path bad = tmp.resolve("bad.npz");
        Files.write(bad, new byte[] {1, 2, 3, 4});
        e = assertThrows(IOException.class, () -> Npz.read(bad));
        assertTrue(e.getMessage().contains("bad.npz"), e.getMessage());
        e = assertThrows(IOException.class, () -> Npz.read(tmp.resolve("absent.npz")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
