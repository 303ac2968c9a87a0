package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.junction.canonical.CanonicalValidator;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.Mappings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A shipment file is read as a stream: the first batch is there before the file has ended, however long it is. */
class ShipmentFileStreamTest {

    @Test
    void theFirstBatchArrivesFromAFileThatNeverEnds() throws Exception {
        ShipmentReports reports = new ShipmentReports(
                new Mappings(HubFiles.in(Path.of("."))),
                new ShipmentStatusMap(HubFiles.in(Path.of("."))),
                new CanonicalValidator(Clock.systemUTC()),
                JsonMapper.builder().findAndAddModules().build());
        ShipmentFile file = new ShipmentFile(reports, JsonMapper.builder().build(), "scm/3pl-csv", "3pl", 500);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, "endless.csv");
        exchange.getMessage().setBody(new EndlessFile());

        Iterator<ShipmentFile.Batch> batches = file.batches(exchange);

        ShipmentFile.Batch first = batches.next();
        assertThat(first.reports()).hasSize(500);
        assertThat(first.reports().get(0).trackingNumber()).isEqualTo("EN-0");
        assertThat(batches.next().reports().get(0).trackingNumber()).isEqualTo("EN-500");
    }

    /** A 3PL file whose lines never end: loading it whole would never return. */
    private static final class EndlessFile extends InputStream {

        private byte[] line = ShipmentFile.HEADER.stream()
                .reduce((a, b) -> a + "," + b)
                .orElseThrow()
                .concat("\n")
                .getBytes(StandardCharsets.UTF_8);
        private int position;
        private long next;

        @Override
        public int read() {
            if (position == line.length) {
                line = (",,dhl,EN-" + next++ + ",IT,2024-07-02T06:10:00Z,Reno,Scan\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return line[position++];
        }
    }
}
