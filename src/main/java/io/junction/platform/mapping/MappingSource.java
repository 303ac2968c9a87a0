package io.junction.platform.mapping;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JSLT mapping's text says beyond what JSLT checks when it compiles: JSLT takes a variable no {@code let} or
 * function declares for one the caller passes, and fails only when the mapping runs. The hub passes only
 * {@code $variables} (a {@code jslt:} step also {@code $headers} and {@code $exchange}), so a mapping that reads
 * another one, such as an older override's {@code $topic}, is refused when it is loaded, not on the first message.
 */
final class MappingSource {

    private static final Set<String> PASSED = Set.of("variables", "headers", "exchange");
    /** Comments and string literals, whose text is not code. */
    private static final Pattern NOT_CODE = Pattern.compile("//[^\\n]*|\"(?:[^\"\\\\]|\\\\.)*\"");

    private static final Pattern READ = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern LET = Pattern.compile("\\blet\\s+([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern FUNCTION = Pattern.compile("\\bdef\\s+[A-Za-z_][A-Za-z0-9_:-]*\\s*\\(([^)]*)\\)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s");

    private MappingSource() {}

    /** The variables the mapping reads but neither declares nor is passed, sorted. */
    static Set<String> undeclaredVariables(String source) {
        String code = NOT_CODE.matcher(source).replaceAll(" ");
        Set<String> declared = new HashSet<>(PASSED);
        LET.matcher(code).results().forEach(m -> declared.add(m.group(1)));
        Matcher function = FUNCTION.matcher(code);
        while (function.find()) {
            for (String parameter : function.group(1).split(",")) {
                declared.add(parameter.strip());
            }
        }
        Set<String> undeclared = new TreeSet<>();
        READ.matcher(code)
                .results()
                .map(m -> m.group(1))
                .filter(v -> !declared.contains(v))
                .forEach(undeclared::add);
        return undeclared;
    }

    static boolean imports(String source) {
        return IMPORT.matcher(NOT_CODE.matcher(source).replaceAll(" ")).find();
    }

    /**
     * The text with every character outside ASCII written as JSLT's {@code \\uXXXX} escape: camel-jslt reads a mapping
     * in the platform's charset, which may not be UTF-8 (a POSIX locale's is ASCII), while mapping files are UTF-8.
     * Outside string literals such characters can only be in comments, where the escape changes nothing.
     */
    static String asAscii(String source) {
        StringBuilder ascii = new StringBuilder(source.length());
        source.chars().forEach(c -> {
            if (c < 0x80) {
                ascii.append((char) c);
            } else {
                ascii.append(String.format("\\u%04x", c));
            }
        });
        return ascii.toString();
    }
}
