package io.kith.ingest;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least usable space the event log's disk must keep: new events are refused below it. Either a number of
 * bytes or a percentage of the disk's size; {@link #NONE} never refuses.
 *
 * @param bytes   at least this many bytes free, when {@code percent} is 0
 * @param percent at least this percentage of the disk free, from 0 to 100
 */
public record DiskFloor(long bytes, double percent) {
    /** 1 GiB: room for the log to finish what it accepted, the store's files and an operator's shell. */
    public static final DiskFloor DEFAULT = new DiskFloor(1L << 30, 0);
    public static final DiskFloor NONE = new DiskFloor(0, 0);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])i?b?|b)?");

    public DiskFloor {
        if (bytes < 0 || !(percent >= 0 && percent <= 100) || (bytes > 0 && percent > 0)) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "a disk floor is bytes >= 0 or a percentage from 0 to 100, was "
                    + bytes + " bytes and " + percent + "%");
        }
    }

    /** The usable bytes below which events are refused, on a disk of this size. */
    public long minUsable(long totalBytes) {
        return percent > 0 ? (long) Math.ceil(totalBytes * percent / 100) : bytes;
    }

    /**
     * Reads {@code 5%}, or a size with an optional unit: {@code 1073741824}, {@code 512MiB}, {@code 1GiB},
     * {@code 2GB} (units are powers of 1024 with or without the {@code i}), or {@code 0} for no floor.
     */
    public static DiskFloor parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                return new DiskFloor(0, Double.parseDouble(t.substring(0, t.length() - 1).trim()));
            }
            Matcher m = SIZE.matcher(t);
            if (!m.matches()) {
                throw new NumberFormatException(t);
            }
            long multiplier = switch (m.group(2) == null ? "" : m.group(2)) {
                case "k" -> 1L << 10;
                case "m" -> 1L << 20;
                case "g" -> 1L << 30;
                case "t" -> 1L << 40;
                default -> 1L;
            };
            return new DiskFloor(Math.multiplyExact(Long.parseLong(m.group(1)), multiplier), 0);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "minimum free disk \"" + text
                    + "\" is neither a size (1GiB, 512MiB, 1073741824) nor a percentage (5%)");
        }
    }

    @Override
    public String toString() {
        return percent > 0 ? percent + "%" : bytes + " bytes";
    }
}
