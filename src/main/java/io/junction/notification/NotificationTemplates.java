package io.junction.notification;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.junction.failure.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One channel's templates, one file per notification template: {@code <dir>/<template>.mustache}, read once at
 * start. A file may begin with a {@code Subject:} line and a blank line (e-mail); the rest is the text. Mustache with
 * HTML escaping off (the output is plain text) and a missing or null value rendered empty; templates cannot run code.
 */
public final class NotificationTemplates {

    /** A rendered notification: the subject (null without one) and the text. */
    public record Rendered(String subject, String text) {
    }

    private record Parsed(Template subject, Template text) {
    }

    private static final String SUBJECT = "Subject:";
    private static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).defaultValue("").nullValue("");

    private final Path dir;
    private final Map<String, Parsed> templates;

    public NotificationTemplates(Path dir) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            this.templates = Map.of();
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            this.templates = files.filter(f -> f.getFileName().toString().endsWith(".mustache"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString().replace(".mustache", ""), NotificationTemplates::parse));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean has(String template) {
        return templates.containsKey(template);
    }

    /** Renders a template with these facts; a template this channel has no file for is refused (422, dead-lettered). */
    public Rendered render(String template, Map<String, Object> facts) {
        Parsed parsed = template == null ? null : templates.get(template);
        if (parsed == null) {
            throw new ProblemException(422, "Unprocessable content", "no template '" + template + "' in " + dir
                    + " (add " + dir.resolve(template + ".mustache") + ")");
        }
        return new Rendered(parsed.subject() == null ? null : parsed.subject().execute(facts).trim(), parsed.text().execute(facts));
    }

    private static Parsed parse(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!content.startsWith(SUBJECT)) {
                return new Parsed(null, MUSTACHE.compile(content));
            }
            int end = content.indexOf('\n');
            String subject = end < 0 ? content.substring(SUBJECT.length()) : content.substring(SUBJECT.length(), end);
            String text = end < 0 ? "" : content.substring(end + 1).replaceFirst("^\n", "");
            return new Parsed(MUSTACHE.compile(subject), MUSTACHE.compile(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("notification template " + file + ": " + e.getMessage(), e);
        }
    }
}
