package io.kith.cli.models;

import io.kith.model.clv.ClvPrediction;
import io.kith.model.clv.CustomerSummary;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** Writes CLV predictions as CSV, a row per customer, numbers with 6 significant digits. */
public final class ClvCsv {
    public static final String HEADER = "customer_id,frequency,recency,T,monetary,p_alive,churn_risk,purchases_30d,purchases_90d,"
            + "purchases_365d,expected_order_value,clv,model_version,explanation";

    private ClvCsv() {
    }

    /** The header line. */
    public static void header(Writer out) throws IOException {
        out.write(HEADER + "\n");
    }

    /** One customer's row. */
    public static void row(CustomerSummary c, ClvPrediction p, Writer out) throws IOException {
        out.write(field(c.customerId()) + "," + c.frequency() + "," + num(c.recency()) + "," + num(c.age()) + "," + num(c.monetary()) + ","
                + num(p.probabilityAlive()) + "," + num(p.churnRisk()) + "," + num(p.purchases30()) + "," + num(p.purchases90()) + ","
                + num(p.purchases365()) + "," + num(p.expectedOrderValue()) + "," + num(p.clv()) + "," + p.version() + ","
                + field(p.explanation()) + "\n");
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+($|e)", "$1$2").replaceFirst("\\.($|e)", "$1") : "";
    }

    /** A value as RFC 4180 has it: quoted when it holds a comma, a quote or a line break. */
    static String field(String v) {
        return v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
