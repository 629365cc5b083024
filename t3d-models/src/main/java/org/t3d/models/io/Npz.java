package org.t3d.models.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pure-Java reader and writer of NumPy {@code .npz} archives ({@code numpy.savez} / {@code savez_compressed}) and of
 * folders of {@code .npy} files. Entry names lose their {@code .npy} suffix, so a PyTorch state dict saved with
 * {@code numpy.savez(f, **{k: v.numpy() for k, v in sd.items()})} reads back under its state-dict keys.
 */
public final class Npz {

    private Npz() {
    }

    /**
     * Reads a {@code .npz} archive or a directory of {@code .npy} files.
     *
     * @param path archive or directory
     * @return name → array, in archive order (directory: sorted by name)
     * @throws IOException when the path cannot be read or holds an invalid array (the message names the entry)
     */
    public static Map<String, INDArray> read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return readDirectory(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("'" + path + "' does not exist");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException(path + ": entry '" + name + "' is not a .npy array");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name.substring(0, name.length() - 4), Npy.read(in, path + "!" + name));
                }
            }
        } catch (ZipException e) {
            throw new IOException("'" + path + "' is not a readable .npz (zip) archive: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Reads every {@code *.npy} file of a directory (not recursive).
     *
     * @param dir the directory
     * @return file name without {@code .npy} → array, sorted by name
     * @throws IOException when a file cannot be read
     */
    public static Map<String, INDArray> readDirectory(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.npy")) {
            ds.forEach(files::add);
        }
        Collections.sort(files);
        if (files.isEmpty()) {
            throw new IOException("directory '" + dir + "' contains no .npy file");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Path f : files) {
            String n = f.getFileName().toString();
            out.put(n.substring(0, n.length() - 4), Npy.read(f));
        }
        return out;
    }

    /**
     * Writes arrays as an uncompressed-layout {@code .npz} archive (entries deflated; NumPy reads both).
     *
     * @param path   target file (overwritten)
     * @param arrays name → array; each becomes the entry {@code <name>.npy}
     * @throws IOException when writing fails
     */
    public static void write(Path path, Map<String, INDArray> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
        }
    }
}
