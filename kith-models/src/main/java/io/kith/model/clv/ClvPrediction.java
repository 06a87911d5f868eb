package io.kith.model.clv;

import io.kith.model.ModelVersion;

/**
 * What BG/NBD and Gamma-Gamma predict for one customer, with the model version and a plain-language explanation.
 *
 * @param probabilityAlive   P(alive): the chance the customer has not dropped out
 * @param churnRisk          1 − P(alive)
 * @param purchases30        expected purchases (purchase days) in the next 30 days; likewise 90 and 365
 * @param expectedOrderValue expected value of a future purchase (Gamma-Gamma); the population mean for a customer
 *                           without repeat purchases
 * @param clv                discounted value of the expected purchases over the settings' horizon
 * @param explanation        what drove the prediction, such as "2 repeat purchases over 30.4 of 38.9 weeks ..."
 */
public record ClvPrediction(String customerId, double probabilityAlive, double churnRisk, double purchases30, double purchases90,
        double purchases365, double expectedOrderValue, double clv, ModelVersion version, String explanation) {
}
