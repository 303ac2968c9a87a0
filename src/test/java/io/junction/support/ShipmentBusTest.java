package io.junction.support;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.ConnectionFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** The whole hub, with the test's own subscription to junction.shipment for the length of each test. */
public abstract class ShipmentBusTest extends HubTest {

    @Autowired
    private ConnectionFactory connectionFactory;

    protected BusTap shipments;

    @BeforeEach
    void tapShipments() throws Exception {
        shipments = new BusTap(connectionFactory, "junction.shipment");
    }

    @AfterEach
    void untapShipments() throws Exception {
        shipments.close();
    }

    /**
     * The events of this type about this tracking number: waiting for {@code expected} of them, or with 0, those that
     * come within 2 s (to assert that none does).
     */
    protected List<JsonNode> events(String tracking, String type, int expected) throws Exception {
        return shipments.await(
                e -> tracking.equals(e.path("data").path("trackingNumber").asText())
                        && type.equals(e.path("type").asText()),
                expected,
                2000);
    }

    /** The next shipment.updated about this tracking number. */
    protected JsonNode updated(String tracking) throws Exception {
        return events(tracking, "shipment.updated", 1).get(0);
    }
}
