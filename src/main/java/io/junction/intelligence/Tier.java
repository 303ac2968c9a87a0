package io.junction.intelligence;

/** Value tiers of the value pyramid (ABC analysis), most valuable first. */
public enum Tier {
    PLATINUM, GOLD, IRON, LEAD;

    /** Whether this tier is above {@code other}. */
    public boolean above(Tier other) {
        return other == null || ordinal() < other.ordinal();
    }
}
