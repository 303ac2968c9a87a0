package io.junction.view.intelligence;

/** Where a buyer stands in their life as a customer (rules: {@link IntelligenceCalculator#stage}). */
public enum LifecycleStage {
    NEW,
    ACTIVE,
    AT_RISK,
    LAPSED,
    WON_BACK
}
