package io.junction.bus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone broker pair (config/broker.xml, the primary, and config/broker-backup.xml) declares the same addresses
 * and queues as the embedded one, and the backup is the primary but for its role.
 */
class BusTopologyTest {

    private static final String PRIMARY = "config/broker.xml";
    private static final String BACKUP = "config/broker-backup.xml";
    /** What may differ between the primary's and the backup's configuration: the role and where each listens. */
    private static final Set<String> ROLE_ELEMENTS = Set.of("name", "acceptors", "ha-policy", "cluster-connections");

    @ParameterizedTest
    @ValueSource(strings = {PRIMARY, BACKUP})
    void brokerXmlDeclaresEveryAddressAndQueueOfTheEmbeddedTopology(String file) throws Exception {
        Map<String, Set<String>> multicast = new HashMap<>();
        Map<String, Set<String>> anycast = new HashMap<>();
        read(parse(file), multicast, anycast);

        for (String family : BusTopology.FAMILIES) {
            assertThat(multicast).as("multicast address for " + family).containsKey(BusTopology.address(family));
        }
        for (BusTopology.ConsumerQueue queue : BusTopology.CONSUMER_QUEUES) {
            assertThat(multicast.get(queue.address())).as("queues on " + queue.address()).contains(queue.name());
            assertThat(anycast.get(queue.deadLetterQueue())).as("dead-letter queue").contains(queue.deadLetterQueue());
        }
        for (String feedDlq : BusTopology.FEED_DEAD_LETTER_QUEUES) {
            assertThat(anycast.get(feedDlq)).as("feed dead-letter queue").contains(feedDlq);
        }
        assertThat(anycast.get(BusTopology.BACKSTOP_DLA)).contains(BusTopology.BACKSTOP_DLA);
    }

    @Test
    void theBackupIsThePrimaryButForItsRole() throws Exception {
        Map<String, Element> primary = coreElements(parse(PRIMARY));
        Map<String, Element> backup = coreElements(parse(BACKUP));
        assertThat(backup.keySet()).isEqualTo(primary.keySet());
        for (String element : primary.keySet()) {
            if (!ROLE_ELEMENTS.contains(element)) {
                assertThat(backup.get(element).isEqualNode(primary.get(element))).as("<" + element + "> of the two files").isTrue();
            }
        }
        assertThat(primary.get("ha-policy").getElementsByTagName("primary").getLength()).isEqualTo(1);
        assertThat(backup.get("ha-policy").getElementsByTagName("backup").getLength()).isEqualTo(1);
    }

    @Test
    void messageGroupsAreRebalancedWhenAHubJoins() throws Exception {
        Element junction = coreElements(parse(PRIMARY)).get("address-settings");
        NodeList settings = junction.getElementsByTagName("address-setting");
        Element matching = null;
        for (int i = 0; i < settings.getLength(); i++) {
            if (((Element) settings.item(i)).getAttribute("match").equals("junction.#")) {
                matching = (Element) settings.item(i);
            }
        }
        assertThat(matching).isNotNull();
        assertThat(matching.getElementsByTagName("default-group-rebalance").item(0).getTextContent()).isEqualTo("true");
        assertThat(matching.getElementsByTagName("default-group-rebalance-pause-dispatch").item(0).getTextContent()).isEqualTo("true");
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

    private static void read(Document doc, Map<String, Set<String>> multicast, Map<String, Set<String>> anycast) {
        NodeList addresses = doc.getElementsByTagName("address");
        for (int i = 0; i < addresses.getLength(); i++) {
            Element address = (Element) addresses.item(i);
            collect(address, "multicast", multicast);
            collect(address, "anycast", anycast);
        }
    }

    private static void collect(Element address, String routing, Map<String, Set<String>> into) {
        NodeList types = address.getElementsByTagName(routing);
        for (int j = 0; j < types.getLength(); j++) {
            Set<String> queues = into.computeIfAbsent(address.getAttribute("name"), k -> new HashSet<>());
            NodeList qs = ((Element) types.item(j)).getElementsByTagName("queue");
            for (int k = 0; k < qs.getLength(); k++) {
                queues.add(((Element) qs.item(k)).getAttribute("name"));
            }
        }
    }
}
