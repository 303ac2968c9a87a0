package io.junction.bus;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone broker (config/broker.xml) declares the same addresses and queues as the embedded one. */
class BusTopologyTest {

    @Test
    void brokerXmlDeclaresEveryAddressAndQueueOfTheEmbeddedTopology() throws Exception {
        Map<String, Set<String>> multicast = new HashMap<>();
        Map<String, Set<String>> anycast = new HashMap<>();
        read(multicast, anycast);

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

    private static void read(Map<String, Set<String>> multicast, Map<String, Set<String>> anycast) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new File("config/broker.xml"));
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
