package io.junction.platform.bus;

import static java.util.Collections.singletonMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.junction.support.DefaultTopology;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The default topology (junction.bus in config/application.yml) is the hub's queues; the standalone broker pair
 * (config/broker.xml, the primary, and config/broker-backup.xml) declares exactly its junction.* addresses and queues;
 * and the backup is the primary but for its role.
 */
class BusTopologyTest {

    private static final String PRIMARY = "config/broker.xml";
    private static final String BACKUP = "config/broker-backup.xml";
    /** What may differ between the primary's and the backup's configuration: the role and where each listens. */
    private static final Set<String> ROLE_ELEMENTS = Set.of("name", "acceptors", "ha-policy", "cluster-connections");
    /** The broker's own catch-all addresses, not the hub's. */
    private static final Set<String> BROKER_DEFAULTS = Set.of("DLQ", "ExpiryQueue");

    private final BusTopology topology = DefaultTopology.get();

    @Test
    void theDefaultConfigurationDeclaresTheHubsQueues() {
        assertThat(topology.families()).containsExactly("order", "customer", "shipment", "inventory", "service");
        assertThat(topology.consumerQueues())
                .extracting(BusTopology.ConsumerQueue::name)
                .containsExactlyInAnyOrder(
                        "junction.order.customer-view",
                        "junction.customer.customer-view",
                        "junction.shipment.customer-view",
                        "junction.order.erp",
                        "junction.inventory.storefront-stock",
                        "junction.shipment.edi",
                        "junction.service.service-desk",
                        "junction.service.email",
                        "junction.service.webhook");
        assertThat(topology.consumerQueues()).noneMatch(BusTopology.ConsumerQueue::filtered);
        assertThat(topology.queue("order", "erp").fqqn()).isEqualTo("junction.order::junction.order.erp");
        assertThat(topology.deadLetterQueues())
                .contains("DLQ.junction.order.customer-view", "DLQ.junction.erp.order-status", "junction.dla")
                .hasSize(11);
    }

    @Test
    void aSubscriptionToAFamilyThatIsNotConfiguredStopsTheStart() {
        Map<String, BusTopology.Subscription> subscriptions =
                Map.of("audit", new BusTopology.Subscription(List.of("orders"), null));
        assertThatThrownBy(() -> new BusTopology(List.of("order"), subscriptions, List.of()))
                .hasMessage(
                        "junction.bus.subscriptions.audit: family orders is not one of junction.bus.families [order]");
        assertThatThrownBy(() -> topology.queue("order", "audit"))
                .hasMessageContaining("no subscription of audit to order");
    }

    @ParameterizedTest
    @ValueSource(strings = {PRIMARY, BACKUP})
    void brokerXmlDeclaresExactlyTheConfiguredAddressesAndQueues(String file) throws Exception {
        Map<String, Map<String, String>> multicast = new HashMap<>();
        Map<String, Map<String, String>> anycast = new HashMap<>();
        read(parse(file), multicast, anycast);

        Map<String, Map<String, String>> expected = new HashMap<>();
        topology.families().forEach(family -> expected.put(BusTopology.address(family), new HashMap<>()));
        topology.consumerQueues()
                .forEach(q -> expected.get(q.address()).put(q.name(), q.filtered() ? q.filter() : null));
        assertThat(multicast)
                .as("the event addresses, their queues and filters")
                .isEqualTo(expected);

        Map<String, Map<String, String>> deadLetters = new HashMap<>();
        topology.deadLetterQueues().forEach(q -> deadLetters.put(q, singletonMap(q, null)));
        BROKER_DEFAULTS.forEach(anycast::remove);
        assertThat(anycast).as("the dead-letter queues").isEqualTo(deadLetters);
    }

    @ParameterizedTest
    @ValueSource(strings = {PRIMARY, BACKUP})
    void aQueueTakenOutOfTheConfigurationIsDeletedAtTheNextStart(String file) throws Exception {
        assertThat(junctionSetting(parse(file))
                        .getElementsByTagName("config-delete-queues")
                        .item(0)
                        .getTextContent())
                .isEqualTo("FORCE");
    }

    @Test
    void theBackupIsThePrimaryButForItsRole() throws Exception {
        Map<String, Element> primary = coreElements(parse(PRIMARY));
        Map<String, Element> backup = coreElements(parse(BACKUP));
        assertThat(backup.keySet()).isEqualTo(primary.keySet());
        for (String element : primary.keySet()) {
            if (!ROLE_ELEMENTS.contains(element)) {
                assertThat(backup.get(element).isEqualNode(primary.get(element)))
                        .as("<" + element + "> of the two files")
                        .isTrue();
            }
        }
        assertThat(primary.get("ha-policy").getElementsByTagName("primary").getLength())
                .isEqualTo(1);
        assertThat(backup.get("ha-policy").getElementsByTagName("backup").getLength())
                .isEqualTo(1);
    }

    @Test
    void messageGroupsAreRebalancedWhenAHubJoins() throws Exception {
        Element matching = junctionSetting(parse(PRIMARY));
        assertThat(matching.getElementsByTagName("default-group-rebalance")
                        .item(0)
                        .getTextContent())
                .isEqualTo("true");
        assertThat(matching.getElementsByTagName("default-group-rebalance-pause-dispatch")
                        .item(0)
                        .getTextContent())
                .isEqualTo("true");
    }

    /** The address-setting of junction.#, the event addresses and their queues. */
    private static Element junctionSetting(Document doc) {
        NodeList settings = coreElements(doc).get("address-settings").getElementsByTagName("address-setting");
        for (int i = 0; i < settings.getLength(); i++) {
            if (((Element) settings.item(i)).getAttribute("match").equals("junction.#")) {
                return (Element) settings.item(i);
            }
        }
        throw new AssertionError("no address-setting for junction.#");
    }

    /** The children of &lt;core&gt; by name, comments and layout removed. */
    private static Map<String, Element> coreElements(Document doc) {
        Map<String, Element> elements = new HashMap<>();
        NodeList children = doc.getElementsByTagName("core").item(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element) {
                elements.put(element.getTagName(), element);
            }
        }
        return elements;
    }

    private static Document parse(String file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setIgnoringComments(true);
        Document doc = factory.newDocumentBuilder().parse(new File(file));
        stripLayout(doc.getDocumentElement());
        return doc;
    }

    private static void stripLayout(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
                node.removeChild(child);
            } else {
                stripLayout(child);
            }
            child = next;
        }
    }

    /** By address and routing type: the queues with their filters (null: none). */
    private static void read(
            Document doc, Map<String, Map<String, String>> multicast, Map<String, Map<String, String>> anycast) {
        NodeList addresses = doc.getElementsByTagName("address");
        for (int i = 0; i < addresses.getLength(); i++) {
            Element address = (Element) addresses.item(i);
            collect(address, "multicast", multicast);
            collect(address, "anycast", anycast);
        }
    }

    private static void collect(Element address, String routing, Map<String, Map<String, String>> into) {
        NodeList types = address.getElementsByTagName(routing);
        for (int j = 0; j < types.getLength(); j++) {
            Map<String, String> queues = into.computeIfAbsent(address.getAttribute("name"), k -> new HashMap<>());
            NodeList qs = ((Element) types.item(j)).getElementsByTagName("queue");
            for (int k = 0; k < qs.getLength(); k++) {
                Element queue = (Element) qs.item(k);
                NodeList filter = queue.getElementsByTagName("filter");
                queues.put(
                        queue.getAttribute("name"),
                        filter.getLength() == 0 ? null : ((Element) filter.item(0)).getAttribute("string"));
            }
        }
    }
}
