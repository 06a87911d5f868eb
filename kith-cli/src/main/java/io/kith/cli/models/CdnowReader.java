package io.kith.cli.models;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Reads transactions in the CDNOW layout of Fader &amp; Hardie's files: whitespace-separated, the customer id, the
 * date as YYYYMMDD, the number of CDs and the dollar value ({@code CDNOW_master.txt}), or with the 1/10 sample's own
 * customer id after the master one ({@code CDNOW_sample.txt}, five fields: the sample id is used). A first line that
 * does not start with a number is a header and skipped.
 */
public final class CdnowReader {
    /** Receives one transaction. */
    public interface Sink {
        void accept(String customerId, LocalDate date, double amount);
    }

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private CdnowReader() {
    }

    /** Reads every line; returns the number of transactions read. */
    public static long read(BufferedReader in, String name, Sink out) throws IOException {
        long n = 0;
        long lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || lineNo == 1 && !Character.isDigit(t.charAt(0))) {
                continue;
            }
            String[] f = SPACE.split(t);
            if (f.length != 4 && f.length != 5) {
                throw bad(name, lineNo, "expected 4 fields (customer, YYYYMMDD, CDs, dollars) or 5 (with the sample id); got " + f.length);
            }
            int o = f.length - 4;
            try {
                String id = f.length == 5 ? f[1] : f[0];
                out.accept(stripZeros(id), LocalDate.parse(f[1 + o], DateTimeFormatter.BASIC_ISO_DATE), Double.parseDouble(f[3 + o]));
            } catch (DateTimeException | NumberFormatException e) {
                throw bad(name, lineNo, e.getMessage());
            }
            n++;
        }
        return n;
    }

    /** "00042" is customer 42, as the lifetimes summaries number them. */
    private static String stripZeros(String id) {
        return id.replaceFirst("^0+(?=.)", "");
    }

    private static KithException bad(String name, long line, String why) {
        return new KithException(ErrorCode.INVALID_ARGUMENT, name + " line " + line + ": not a CDNOW transaction: " + why);
    }
}
