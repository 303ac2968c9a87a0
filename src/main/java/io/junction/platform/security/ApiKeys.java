package io.junction.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The configured API keys, checked at start like the operations logins (OpsCredentialsCheck): each needs a name, a
 * known role and exactly one of key or sha256; the {@code prod} profile refuses the public development keys, and
 * every other profile warns loudly about them. Keys are kept and compared only as SHA-256 digests, in constant time.
 */
@Component
public class ApiKeys {

    static final String DEVELOPMENT_KEY_PREFIX = "junction-dev-";
    /** The public development key config/application.yml ships, refused by prod also when given as its digest. */
    static final String DEVELOPMENT_KEY = "junction-dev-api-key";

    private static final Set<String> ROLES = Set.of(Roles.VIEWER, Roles.OPERATOR);
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    /** A key that matched: whose it is and what it may do. */
    public record Holder(String name, String role) {}

    private record Digest(byte[] sha256, Holder holder) {}

    private final List<Digest> digests = new ArrayList<>();

    public ApiKeys(ApiKeyProperties properties, Environment environment) {
        boolean prod = environment.acceptsProfiles(Profiles.of("prod"));
        for (int i = 0; i < properties.keys().size(); i++) {
            ApiKeyProperties.Key key = properties.keys().get(i);
            String where = "junction.api.keys[" + i + "] (JUNCTION_API_KEYS_" + i + "_NAME, _ROLE and _KEY or _SHA256)";
            if (blank(key.name()) || key.role() == null || !ROLES.contains(key.role())) {
                throw new IllegalStateException(where + " needs a name and a role, one of " + ROLES);
            }
            if (blank(key.key()) == blank(key.sha256())) {
                throw new IllegalStateException(where + " needs exactly one of key or sha256");
            }
            byte[] digest = blank(key.key()) ? hex(key.sha256(), where) : sha256(key.key());
            boolean development = blank(key.key())
                    ? MessageDigest.isEqual(digest, sha256(DEVELOPMENT_KEY))
                    : key.key().startsWith(DEVELOPMENT_KEY_PREFIX);
            if (development) {
                if (prod) {
                    throw new IllegalStateException(
                            "the prod profile refuses the development API key '" + key.name() + "': set " + where);
                }
                log.warn(
                        "!!! the API key '{}' ({}) is a PUBLIC development key. Set {} before exposing this hub. !!!",
                        key.name(),
                        key.role(),
                        where);
            }
            digests.add(new Digest(digest, new Holder(key.name(), key.role())));
        }
    }

    /** Whose key this is, if it is one of the configured keys. */
    public Optional<Holder> holderOf(String presented) {
        byte[] digest = sha256(presented);
        Holder found = null;
        for (Digest d : digests) {
            // every key is compared, in constant time, so the answer's timing says nothing about which one nearly
            // matched
            if (MessageDigest.isEqual(d.sha256(), digest)) {
                found = d.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hex(String sha256, String where) {
        try {
            byte[] digest = HexFormat.of().parseHex(sha256.trim());
            if (digest.length == 32) {
                return digest;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(where + ": sha256 must be 64 hex digits (e.g. printf %s \"$KEY\" | sha256sum)");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
