package io.junction.service.notification;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.home.HubFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;

/**
 * One channel's templates, one file per notification template: {@code <dir>/<template>.mustache}, read once at
 * start. A file may begin with a {@code Subject:} line and a blank line (e-mail); the rest is the text. Mustache with
 * HTML escaping off (the output is plain text) and a missing or null value rendered empty; templates cannot run code.
 */
public final class NotificationTemplates {

    /** A rendered notification: the subject (null without one) and the text. */
    public record Rendered(String subject, String text) {}

    private record Parsed(Template subject, Template text) {}

    private static final String SUBJECT = "Subject:";
    private static final Mustache.Compiler MUSTACHE =
            Mustache.compiler().escapeHTML(false).defaultValue("").nullValue("");

    private final String dir;
    private final Map<String, Parsed> templates;

    /** The templates of config/notifications/{@code channel}/ (the jar's, the override folder's over them). */
    public NotificationTemplates(HubFiles files, String channel) {
        this.dir = "config/notifications/" + channel;
        this.templates = files.configFolder("notifications/" + channel).entrySet().stream()
                .filter(f -> f.getKey().endsWith(".mustache"))
                .collect(Collectors.toMap(f -> f.getKey().replace(".mustache", ""), f -> parse(f.getValue())));
    }

    public boolean has(String template) {
        return templates.containsKey(template);
    }

    /** Renders a template with these facts; a template this channel has no file for is refused (422, dead-lettered). */
    public Rendered render(String template, Map<String, Object> facts) {
        Parsed parsed = template == null ? null : templates.get(template);
        if (parsed == null) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "no template '" + template + "' in " + dir + " (add " + dir + "/" + template + ".mustache)");
        }
        return new Rendered(
                parsed.subject() == null
                        ? null
                        : parsed.subject().execute(facts).trim(),
                parsed.text().execute(facts));
    }

    private static Parsed parse(Resource file) {
        try {
            String content = file.getContentAsString(StandardCharsets.UTF_8).replace("\r\n", "\n");
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
            throw new IllegalStateException(
                    "notification template " + file.getDescription() + ": " + e.getMessage(), e);
        }
    }
}
