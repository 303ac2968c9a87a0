package io.junction.view.intelligence;

/** Recency, frequency and monetary scores, each 1 (lowest fifth) to 5 (highest fifth). */
public record Rfm(int recency, int frequency, int monetary) {

    /** The usual three-digit code, e.g. "545". */
    public String code() {
        return "" + recency + frequency + monetary;
    }
}
