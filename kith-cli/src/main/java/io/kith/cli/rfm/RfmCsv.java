package io.kith.cli.rfm;

import io.kith.rfm.CustomerRfm;
import io.kith.rfm.RfmGrid;
import io.kith.rfm.RfmResult;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Writes an RFM result as CSV: one row per customer, and the grid. Numbers are plain, monetary with 2 decimals. */
public final class RfmCsv {
    public static final String CUSTOMERS_HEADER = "customer_id,recency_days,frequency,monetary,r,f,m,segment";
    public static final String GRID_HEADER = "r,fm,segment,customers,monetary";

    private RfmCsv() {
    }

    /** {@value #CUSTOMERS_HEADER}, a row per customer in the result's order (by customer id). */
    public static void customers(RfmResult result, Writer out) throws IOException {
        out.write(CUSTOMERS_HEADER + "\n");
        for (CustomerRfm c : result.customers()) {
            out.write(field(c.customerId()) + "," + c.recencyDays() + "," + c.frequency() + "," + money(c.monetary()) + ","
                    + c.score().r() + "," + c.score().f() + "," + c.score().m() + "," + field(c.segment()) + "\n");
        }
    }

    /** {@value #GRID_HEADER}, the 25 cells, R from 5 down to 1 and FM from 1 up to 5. */
    public static void grid(RfmResult result, Writer out) throws IOException {
        out.write(GRID_HEADER + "\n");
        for (RfmGrid.Cell c : result.grid().cells()) {
            out.write(c.r() + "," + c.fm() + "," + field(c.segment()) + "," + c.customers() + "," + money(c.monetary()) + "\n");
        }
    }

    /** Two decimals, rounded half up, never in exponent form. */
    public static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A value as RFC 4180 has it: quoted when it holds a comma, a quote or a line break. */
    static String field(String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
