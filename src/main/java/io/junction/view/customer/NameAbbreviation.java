package io.junction.view.customer;

import java.util.Locale;

/**
 * Whether one name abbreviates another: word by word, each word is the same or an initial or a shortening of it
 * ending in a period ("A." or "A" for "Ann", "Chr." for "Christopher", "J. R." for "John Ronald"), and at least one
 * word is shortened. Case and surrounding spaces do not count; a different name ("Ann" / "Anna") is no abbreviation.
 */
final class NameAbbreviation {

    private NameAbbreviation() {}

    /** True when {@code shorter} abbreviates {@code full} (and is not the same name). */
    static boolean abbreviates(String shorter, String full) {
        String[] words = words(shorter);
        String[] fullWords = words(full);
        if (words.length != fullWords.length || words.length == 0) {
            return false;
        }
        boolean shortened = false;
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(fullWords[i])) {
                continue;
            }
            if (!shortens(words[i], fullWords[i])) {
                return false;
            }
            shortened = true;
        }
        return shortened;
    }

    private static boolean shortens(String word, String full) {
        String stem = word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
        // without a period only a single letter is an initial: "Al" is a name of its own, "Al." is short for "Albert"
        boolean marked = word.endsWith(".") || stem.length() == 1;
        return marked && !stem.isEmpty() && stem.length() < full.length() && full.startsWith(stem);
    }

    private static String[] words(String name) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        // "J.R." is two initials, like "J. R."
        return trimmed.isEmpty()
                ? new String[0]
                : trimmed.replaceAll("\\.(?=\\S)", ". ").split("[\\s-]+");
    }
}
