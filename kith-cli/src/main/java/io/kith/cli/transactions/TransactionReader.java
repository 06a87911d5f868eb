package io.kith.cli.transactions;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.imports.CsvTable;
import io.kith.imports.ImportLimits;
import io.kith.rfm.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the transactions of a CSV file, one row each, with the importer's CSV reader. A row that cannot be a
 * transaction is skipped and counted by reason, the first few with their line; a CSV quote that never closes
 * stops reading with an error naming its line. Not thread-safe.
 */
public final class TransactionReader {
    /** Why a row was skipped. */
    public enum Skip {
        NO_CUSTOMER("without a customer id (empty, NA, N/A, NaN, null or None)"),
        BAD_DATE("without a readable date"),
        BAD_AMOUNT("without a readable amount"),
        BAD_ROW("that could not be read (more fields than the header, bytes that are not UTF-8, a control character, a row or field too long)");

        private final String why;

        Skip(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    /**
     * What reading found.
     *
     * @param examples the first skipped rows of every reason but {@link Skip#NO_CUSTOMER} (a routine gap in retail
     *                 exports), as "line N: ..."
     */
    public record Report(long rows, long transactions, Map<Skip, Long> skipped, List<String> examples) {
    }

    static final int EXAMPLES = 5;
    /**
     * Plain decimals, or with a short exponent: a bounded form, so that no amount such as {@code 1e999999999} can
     * make a sum of a billion digits.
     */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d{1,18}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][-+]?\\d{1,2})?");
    /** What exports write for a missing value (R writes NA, pandas nan); never a customer id. */
    static final java.util.Set<String> MISSING = java.util.Set.of("na", "n/a", "nan", "null", "none");
    private static final BigDecimal LARGEST = new BigDecimal("1e15");

    private final TransactionColumns columns;
    private final Optional<DateTimeFormatter> dateFormat;
    private final Map<Skip, Long> skipped = new EnumMap<>(Skip.class);
    private final List<String> examples = new ArrayList<>();
    private long rows;
    private long transactions;

    /**
     * @param dateFormat a {@link DateTimeFormatter} pattern for the date column; empty: ISO dates and date-times
     */
    public TransactionReader(TransactionColumns columns, Optional<String> dateFormat) {
        this.columns = columns;
        try {
            this.dateFormat = dateFormat.map(p -> DateTimeFormatter.ofPattern(p, Locale.ROOT).withResolverStyle(ResolverStyle.SMART));
        } catch (IllegalArgumentException e) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "--date-format " + dateFormat.get() + ": not a date pattern: " + e.getMessage());
        }
    }

    /** Opens a table for {@link #read}; its header decides the columns. */
    public static CsvTable open(InputStream in, String name, char delimiter) throws IOException {
        return CsvTable.open(in, name, StandardCharsets.UTF_8, delimiter, ImportLimits.DEFAULT);
    }

    /**
     * Reads every row of the table, giving each transaction to {@code out}.
     *
     * @throws KithException {@link ErrorCode#INVALID_ARGUMENT} when the CSV cannot be read on (a quote that never closes)
     */
    public Report read(CsvTable table, String name, Consumer<Transaction> out) throws IOException {
        for (Optional<CsvTable.Next> next = table.next(); next.isPresent(); next = table.next()) {
            rows++;
            switch (next.get()) {
                case CsvTable.Bad bad when bad.fatal() ->
                        throw new KithException(ErrorCode.INVALID_ARGUMENT, name + " line " + bad.line() + ": " + bad.reason());
                case CsvTable.Bad bad -> skip(Skip.BAD_ROW, bad.line(), (bad.column().isEmpty() ? "" : bad.column() + ": ") + bad.reason());
                case CsvTable.Values row -> transaction(row).ifPresent(t -> {
                    transactions++;
                    out.accept(t);
                });
            }
        }
        return new Report(rows, transactions, Map.copyOf(skipped), List.copyOf(examples));
    }

    private Optional<Transaction> transaction(CsvTable.Values row) {
        if (row.values().size() > columns.header().size()) {
            // Most likely a value with an unquoted delimiter, such as an amount written 1,234.50: every column after it
            // would be read shifted.
            return skip(Skip.BAD_ROW, row.line(), "the row has " + row.values().size() + " fields, the header " + columns.header().size()
                    + " (a value with an unquoted delimiter?)");
        }
        String customer = row.get(columns.customer());
        if (customer.isEmpty() || MISSING.contains(customer.toLowerCase(Locale.ROOT))) {
            return skip(Skip.NO_CUSTOMER, row.line(), "");
        }
        String dateText = row.get(columns.date());
        Optional<LocalDate> date = date(dateText);
        if (date.isEmpty()) {
            return skip(Skip.BAD_DATE, row.line(), columns.header().get(columns.date()) + " is \"" + dateText + "\""
                    + (dateFormat.isEmpty() ? " (expected an ISO date such as 2011-12-01, or name a --date-format)" : ""));
        }
        Optional<BigDecimal> amount = amount(row);
        if (amount.isEmpty()) {
            return skip(Skip.BAD_AMOUNT, row.line(), amountText(row));
        }
        Optional<String> order = columns.order() < 0 ? Optional.empty() : Optional.of(row.get(columns.order())).filter(s -> !s.isEmpty());
        Optional<String> brand = columns.brand() < 0 ? Optional.empty() : Optional.of(row.get(columns.brand())).filter(s -> !s.isEmpty());
        return Optional.of(new Transaction(customer, date.get(), amount.get(), order, brand));
    }

    private Optional<LocalDate> date(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (dateFormat.isPresent()) {
                return Optional.of(LocalDate.from(dateFormat.get().parse(text)));
            }
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text));
            }
            if (text.length() > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            // The day as written: 2011-12-01T23:30-05:00 is 2011-12-01, not converted to another zone.
            return Optional.of(LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(text)));
        } catch (DateTimeException e) { // a text that does not parse, or a --date-format without a whole date
            return Optional.empty();
        }
    }

    private Optional<BigDecimal> amount(CsvTable.Values row) {
        if (columns.amount() >= 0) {
            return number(row.get(columns.amount()));
        }
        return number(row.get(columns.quantity())).flatMap(q -> number(row.get(columns.price())).map(q::multiply))
                .filter(a -> a.abs().compareTo(LARGEST) < 0);
    }

    private String amountText(CsvTable.Values row) {
        if (columns.amount() >= 0) {
            return columns.header().get(columns.amount()) + " is \"" + row.get(columns.amount()) + "\"";
        }
        return columns.header().get(columns.quantity()) + " is \"" + row.get(columns.quantity()) + "\", "
                + columns.header().get(columns.price()) + " is \"" + row.get(columns.price()) + "\"";
    }

    /** A number as written, or empty for anything else, thousands separators and amounts of 10^15 or more included. */
    static Optional<BigDecimal> number(String text) {
        if (!NUMBER.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal v = new BigDecimal(text);
        return v.abs().compareTo(LARGEST) < 0 ? Optional.of(v) : Optional.empty();
    }

    private <T> Optional<T> skip(Skip why, long line, String detail) {
        skipped.merge(why, 1L, Long::sum);
        if (why != Skip.NO_CUSTOMER && examples.size() < EXAMPLES) {
            examples.add("line " + line + ": " + detail);
        }
        return Optional.empty();
    }
}
