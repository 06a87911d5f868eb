package io.kith.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bench's set-up kept in a directory between runs ({@code --prepared DIR}): made once by the first run, then copied
 * for each later run, so that a measurement costs a copy and a start instead of a set-up through the projector and the
 * derived path (17 minutes for the console bench at 100,000 customers on a quiet 2-core machine, hours under load). The
 * directory says what it holds in a {@code ready} file; a directory holding another set-up, or one whose set-up did not
 * finish, is refused rather than used.
 */
final class Prepared {
    /** Makes the set-up in the directory it is given (empty when called). */
    @FunctionalInterface
    interface SetUp {
        void make(Path into) throws Exception;
    }

    private Prepared() {
    }

    /**
     * Makes the set-up in {@code dir} unless it is there already.
     *
     * @param what the set-up's parameters, such as {@code customers=10000}: a directory made with other ones is refused
     */
    static void ensure(Path dir, String what, SetUp setUp) throws Exception {
        Path ready = dir.resolve("ready");
        String marker = what + "\n";
        if (Files.exists(ready)) {
            if (!Files.readString(ready).equals(marker)) {
                throw new IllegalArgumentException(dir + " holds another set-up (" + Files.readString(ready).strip() + "); use another directory");
            }
            return;
        }
        Path made = dir.resolve("made");
        if (Files.exists(made)) {
            throw new IllegalArgumentException(dir + " holds an unfinished set-up; delete it");
        }
        long t = System.nanoTime();
        Files.createDirectories(made);
        setUp.make(made);
        Files.writeString(ready, marker);
        System.out.printf("prepared %s in %.1f s%n", dir, (System.nanoTime() - t) / 1e9);
    }

    /** Copies the set-up of {@code dir} (made by {@link #ensure}) into {@code to}. */
    static void copy(Path dir, Path to) throws IOException {
        long t = System.nanoTime();
        Path from = dir.resolve("made");
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        System.out.printf("copied the prepared set-up from %s in %.1f s%n", dir, (System.nanoTime() - t) / 1e9);
    }
}
