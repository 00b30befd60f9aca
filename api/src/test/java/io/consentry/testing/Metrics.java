package io.consentry.testing;

/** Counters of the running api, read the way Prometheus scrapes them (on the management interface). */
public final class Metrics {

    private Metrics() {
    }

    /** How many attribute estimates the api made ({@code consentry_attribute_estimates_total}). */
    public static double attributeEstimates() {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("consentry_attribute_estimates_total")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }
}
