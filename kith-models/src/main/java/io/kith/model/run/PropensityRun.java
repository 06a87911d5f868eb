package io.kith.model.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.label.LabelDefinition;
import io.kith.label.LabelFamily;
import io.kith.label.LabelRule;
import io.kith.model.propensity.Evaluation;
import io.kith.model.propensity.FeatureVector;
import io.kith.model.propensity.LabelledExample;
import io.kith.model.propensity.LogisticRegression;
import io.kith.model.propensity.PropensityModel;
import io.kith.model.propensity.PropensityPrediction;
import io.kith.model.propensity.TimeSplit;
import io.kith.profile.ProfileValueStore.Computed;
import io.kith.segment.ProfileValue;
import io.kith.segment.ProfileValue.Namespace;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code propensity} model in the server: the chance that a customer buys in the next {@link #HORIZON_DAYS} days, by
 * an L2 logistic regression trained with a time split on Kith's own purchases: features as of {@code today − 90 days}
 * (recency, frequency, spend, tenure and trend from the purchases, and from the other events: engagement, support
 * contacts, newsletter status and channel mix, {@link PropensitySignals}), outcome = a purchase in the
 * 90 days after; 30 % of the customers (by a hash of the id) held out for the AUC and the calibration, recorded as the
 * run's metrics. The fitted model then scores every customer on their features as of today, written as
 * {@code purchase_propensity} with its explanation ({@code purchase_propensity_why}); the label
 * {@code purchase_propensity} bands it.
 */
final class PropensityRun {
    static final int HORIZON_DAYS = 90;
    static final double HELD_OUT = 0.3;
    static final double LAMBDA = 1.0;
    /** Fewest customers with a purchase before the cut-off for a fit. */
    static final int MIN_CUSTOMERS = 20;
    static final String VALUE = "purchase_propensity";
    static final String WHY = "purchase_propensity_why";
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private PropensityRun() {
    }

    static void run(RunData data, RunOutput out, ObjectNode record) {
        LocalDate cutoff = data.today.minusDays(HORIZON_DAYS);
        TimeSplit plain = TimeSplit.of(data.features, cutoff, data.today, HELD_OUT);
        TimeSplit split = new TimeSplit(cutoff, data.today, HELD_OUT, withSignals(plain.training(), data, cutoff),
                withSignals(plain.heldOut(), data, cutoff));
        long positives = split.training().stream().filter(LabelledExample::outcome).count();
        int n = split.training().size();
        if (n < MIN_CUSTOMERS || positives == 0 || positives == n || split.heldOut().isEmpty()) {
            throw new KithException(ErrorCode.INVALID_ARGUMENT, "propensity needs at least " + MIN_CUSTOMERS + " customers who bought before "
                    + cutoff + ", some buying again by " + data.today + " and some not, and some held out; there are " + n + " in training ("
                    + positives + " bought again) and " + split.heldOut().size() + " held out");
        }
        PropensityModel model = new LogisticRegression(LAMBDA).fit("purchase-propensity", split.training());
        Evaluation evaluation = split.evaluate(model);
        List<Computed> scores = new ArrayList<>();
        List<Computed> why = new ArrayList<>();
        for (FeatureVector f : data.features.asOf(data.today)) {
            PropensityPrediction p = model.predict(data.signals.features(f, data.today));
            scores.add(out.value(f.customerId(), VALUE, N.numberNode(round(p.probability()))));
            why.add(out.value(f.customerId(), WHY, N.textNode(model.version() + ": " + p.explanation())));
        }
        out.replaceAll(VALUE, scores);
        out.replaceAll(WHY, why);
        ObjectNode params = record.putObject("parameters");
        params.put("modelVersion", model.version().toString());
        params.put("outcome", "a purchase in the next " + HORIZON_DAYS + " days");
        params.put("cutoff", cutoff.toString());
        params.put("outcomeEnd", data.today.toString());
        params.put("heldOutShare", HELD_OUT);
        params.put("lambda", LAMBDA);
        params.put("intercept", model.intercept());
        ObjectNode coefficients = params.putObject("coefficients");
        double[] c = model.coefficients();
        for (int j = 0; j < c.length; j++) {
            coefficients.put(model.featureNames().get(j), c[j]);
        }
        ObjectNode metrics = record.putObject("metrics");
        metrics.put("trainingCustomers", n);
        metrics.put("heldOutCustomers", evaluation.customers());
        metrics.put("scoredCustomers", scores.size());
        metrics.put("baseRate", round(evaluation.baseRate()));
        metrics.put("auc", Double.isFinite(evaluation.auc()) ? N.numberNode(round(evaluation.auc())) : N.nullNode());
        metrics.put("brier", round(evaluation.brier()));
        metrics.put("baseRateBrier", round(evaluation.baseRate() * (1 - evaluation.baseRate())));
        ArrayNode bins = metrics.putArray("calibration");
        for (Evaluation.Bin b : evaluation.bins()) {
            bins.addObject().put("from", b.from()).put("to", b.to()).put("customers", b.customers())
                    .put("meanPredicted", round(b.meanPredicted())).put("actualRate", round(b.actualRate()));
        }
        out.labels().accept(new LabelDefinition(VALUE, LabelFamily.MODEL,
                "From the purchase propensity model (chance of a purchase in the next 90 days): high from 0.6, medium from 0.3, low below",
                new LabelRule.Bands(new ProfileValue(Namespace.MODEL, VALUE), false, List.of(
                        new LabelRule.Band("low", null, new BigDecimal("0.3")),
                        new LabelRule.Band("medium", new BigDecimal("0.3"), new BigDecimal("0.6")),
                        new LabelRule.Band("high", new BigDecimal("0.6"), null)))));
    }

    private static List<LabelledExample> withSignals(List<LabelledExample> examples, RunData data, LocalDate asOf) {
        return examples.stream().map(e -> new LabelledExample(data.signals.features(e.features(), asOf), e.outcome())).toList();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
