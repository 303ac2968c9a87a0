package io.junction.adapter.crm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The "modified since" poll, for CRMs without webhooks. The watermark (crm_watermark) is the latest modification time
 * seen; each poll asks for records modified at or after it (inclusive: a record modified in the same instant as the
 * last one seen is not missed, and one seen twice has the same event id). A lease on the watermark row lets one hub
 * instance poll at a time, and a crashed instance's lease expires.
 */
@Component
public class CrmPoller {

    static final String LATEST = "junctionCrmLatest";
    private static final String NAME = "customers";
    private static final String TOKEN = "junctionCrmPollToken";

    private final JdbcTemplate jdbc;
    private final CrmProperties crm;
    private final CrmAuth auth;
    private final Duration lease;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();

    public CrmPoller(JdbcTemplate jdbc, CrmProperties crm, CrmAuth auth, Clock clock) {
        this.jdbc = jdbc;
        this.crm = crm;
        this.auth = auth;
        this.lease = Duration.ofSeconds(crm.drain().claimLeaseSeconds());
        this.clock = clock;
    }

    /** Takes the poll lease; false when another instance holds it. Prepares the GET of everything modified since. */
    public boolean claim(Exchange exchange) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Integer exists = jdbc.queryForObject("select count(*) from crm_watermark where name = ?", Integer.class, NAME);
        if (exists == null || exists == 0) {
            try {
                jdbc.update(
                        "insert into crm_watermark (name, watermark) values (?, ?)",
                        NAME,
                        now.minus(crm.poll().initial()));
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // another instance created it first
            }
        }
        String token = instance + "/" + UUID.randomUUID();
        if (jdbc.update(
                        "update crm_watermark set claimed_by = ?, claimed_at = ? where name = ? and (claimed_by is null or claimed_at < ?)",
                        token,
                        now,
                        NAME,
                        now.minus(lease))
                == 0) {
            return false;
        }
        OffsetDateTime since =
                jdbc.queryForObject("select watermark from crm_watermark where name = ?", OffsetDateTime.class, NAME);
        exchange.setProperty(TOKEN, token);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        String value = auth.value();
        if (value != null) {
            exchange.getMessage().setHeader(auth.header(), value);
        }
        exchange.setProperty(
                CrmDrain.URL,
                crm.url("modified") + "?since="
                        + URLEncoder.encode(
                                since.withOffsetSameInstant(ZoneOffset.UTC).toString(), StandardCharsets.UTF_8));
        return true;
    }

    /** Moves the watermark to the latest modification time seen (never back) and gives up the lease. */
    public void advance(Exchange exchange) {
        OffsetDateTime latest = exchange.getProperty(LATEST, OffsetDateTime.class);
        String token = exchange.getProperty(TOKEN, String.class);
        if (latest != null) {
            jdbc.update(
                    "update crm_watermark set watermark = ? where name = ? and claimed_by = ? and watermark < ?",
                    latest,
                    NAME,
                    token,
                    latest);
        }
        jdbc.update(
                "update crm_watermark set claimed_by = null, claimed_at = null where name = ? and claimed_by = ?",
                NAME,
                token);
    }

    /** Gives up the lease after a failed poll; the watermark stays, so the next poll asks again. */
    public void release(Exchange exchange) {
        jdbc.update(
                "update crm_watermark set claimed_by = null, claimed_at = null where name = ? and claimed_by = ?",
                NAME,
                exchange.getProperty(TOKEN, String.class));
    }
}
