package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {
    @Test
    void aMessagePublishedIsReceived() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("smoke")) {
            MqttClient client = new MqttClient(broker.uri(), "smoke", new MemoryPersistence());
            client.connect(new MqttConnectionOptions());
            BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
            // Paho 1.2.5's subscribe(String, int, listener) recurses into itself (StackOverflowError): use the array form.
            client.subscribe(new MqttSubscription[] {new MqttSubscription("a/b", 1)},
                    new IMqttMessageListener[] {(topic, message) -> got.add(new String(message.getPayload()))});
            client.publish("a/b", new MqttMessage("hello".getBytes()));
            assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo("hello");
            client.disconnect();
            client.close();
        }
    }
}
