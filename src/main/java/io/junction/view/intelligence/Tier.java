package io.junction.view.intelligence;

/** Value tiers of the value pyramid (ABC analysis), most valuable first. */
public enum Tier {
    PLATINUM,
    GOLD,
    IRON,
    LEAD;

    /** 0 lead, 1 iron, 2 gold, 3 platinum: how many tier cuts a customer of this tier is above. */
    public int level() {
        return LEAD.ordinal() - ordinal();
    }

    public static Tier ofLevel(int level) {
        return values()[LEAD.ordinal() - level];
    }

    /** Whether this tier is above {@code other}. */
    public boolean above(Tier other) {
        return other == null || ordinal() < other.ordinal();
    }
}
