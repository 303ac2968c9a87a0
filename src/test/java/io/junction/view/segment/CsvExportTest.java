package io.junction.view.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.HubTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The export's stream over the real database, batch after batch: customers whose last order was in 1981 (nobody
 * else's), some opted in to marketing, some not, some with names that need quoting.
 */
class CsvExportTest extends HubTest {

    @Autowired
    SegmentStore store;

    @Test
    void everyOptedInCustomerComesOnceInIdOrderAcrossBatchesQuotedPerRfc4180() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime lastOrder = OffsetDateTime.of(1981, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        List<String> optedIn = new ArrayList<>();
        String[] names = {"Plain", "Comma, Inc", "Say \"hi\"", "Line\r\nbreak", "Ünïcødé", null, "Last"};
        for (int i = 0; i < names.length; i++) {
            String id = "csv-" + run + "-" + i;
            Boolean consent = i == 2 ? Boolean.FALSE : i == 5 ? null : Boolean.TRUE;
            jdbc.update(
                    "insert into customer (id, email, first_name, marketing_opt_in, provenance, created_at, updated_at) "
                            + "values (?, ?, ?, ?, '{}', ?, ?)",
                    id,
                    id + "@example.com",
                    names[i],
                    consent,
                    lastOrder,
                    lastOrder);
            jdbc.update(
                    "insert into customer_intel (customer_id, tier, tier_value, lifecycle_stage, lifetime_value, order_count, "
                            + "last_order_at, blacklisted, computed_at) values (?, 'LEAD', 0, 'LAPSED', 12.5, 1, ?, false, ?)",
                    id,
                    lastOrder,
                    lastOrder);
            if (Boolean.TRUE.equals(consent)) {
                optedIn.add(id);
            }
        }
        Segment before1982 = Segment.of(null, "LAPSED", null, "1982-01-01");
        int[] reported = new int[2];

        String csv;
        try (InputStream export = new CsvExport(store, before1982, 2, rows -> {
            reported[0] = rows;
            reported[1]++;
        })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[7];
            for (int n; (n = export.read(chunk)) != -1; ) {
                out.write(chunk, 0, n);
            }
            csv = out.toString(StandardCharsets.UTF_8);
        }

        List<String> ids = csv.lines()
                .skip(1)
                .filter(l -> l.startsWith("csv-" + run))
                .map(l -> l.substring(0, l.indexOf(',')))
                .toList();
        assertThat(ids).containsExactlyElementsOf(optedIn);
        assertThat(csv).startsWith(CsvExport.HEADER + "\r\n");
        assertThat(csv)
                .contains("csv-" + run + "-1,csv-" + run
                        + "-1@example.com,,\"Comma, Inc\",,,LEAD,LAPSED,12.5000,1,1981-03-01T12:00Z\r\n");
        assertThat(csv).contains(",\"Line\r\nbreak\",").contains(",Ünïcødé,").doesNotContain("Say");
        assertThat(reported).as("rows reported, times").containsExactly(optedIn.size(), 1);
    }

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(CsvExport.field(null)).isEmpty();
        assertThat(CsvExport.field("plain")).isEqualTo("plain");
        assertThat(CsvExport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvExport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvExport.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvExport.field("cr\r")).isEqualTo("\"cr\r\"");
    }

    @Test
    void whatASpreadsheetWouldRunAsAFormulaStartsWithAQuote() {
        assertThat(CsvExport.field("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvExport.field("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
        assertThat(CsvExport.field("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvExport.field("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
        assertThat(CsvExport.field("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(CsvExport.field("\r=1+1")).isEqualTo("\"'\r=1+1\"");
        assertThat(CsvExport.field("=SUM(1,2)")).isEqualTo("\"'=SUM(1,2)\"");
        // numbers stay numbers: a phone in E.164, an amount below zero
        assertThat(CsvExport.field("+493090182055")).isEqualTo("+493090182055");
        assertThat(CsvExport.field("-12.50")).isEqualTo("-12.50");
        assertThat(CsvExport.field("a=b")).isEqualTo("a=b");
    }
}
