package io.kith.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * The files a demo generation wrote: the sources file, one entry per data file with the source that sends it
 * and the mapping that imports it, and the ground truth.
 */
public record DemoManifest(Path directory, Path sourcesFile, List<DataFile> files, Path truthFile, long events, int customers) {
    /** One data file: imported with {@code mapping} (a file name, or "segment" for Segment-format JSON Lines) as {@code sourceId}. */
    public record DataFile(String file, String sourceId, String mapping, long rows) {
    }
}
