package io.junction.ops;

import java.util.regex.Pattern;

/** Masks personal data (e-mail addresses, phone numbers) in text bound for a log line. */
public final class PersonalData {

    private static final Pattern EMAIL =
            Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()./-]{6,}(\\d{2})");

    private PersonalData() {}

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(masked).replaceAll("***$1");
    }
}
