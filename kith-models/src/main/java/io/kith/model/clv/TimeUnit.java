package io.kith.model.clv;

/** The unit that recency, age and prediction horizons are counted in. The fitted rates are per this unit. */
public enum TimeUnit {
    DAYS(1), WEEKS(7);

    private final int days;

    TimeUnit(int days) {
        this.days = days;
    }

    /** How many days one unit is. */
    public int days() {
        return days;
    }

    /** A number of days in this unit. */
    public double of(double days) {
        return days / this.days;
    }

    /** "days", "weeks". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
