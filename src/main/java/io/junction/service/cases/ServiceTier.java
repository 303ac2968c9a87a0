package io.junction.service.cases;

import io.junction.view.intelligence.Profile;

/** The tier that decides a customer's service level: their value tier, or BLACKLISTED, which comes last whatever the value. */
public enum ServiceTier {
    PLATINUM,
    GOLD,
    IRON,
    LEAD,
    BLACKLISTED;

    public static ServiceTier of(Profile profile) {
        return profile.blacklisted() ? BLACKLISTED : valueOf(profile.tier().name());
    }
}
