package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The sockets one connection attempt made are closed for real by closeAll: the peer reads end of stream. */
class TrackedSocketsTest {

    @Test
    void closeAllClosesAPlainSocketAndThePeerSeesEndOfStream() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(60_000);
            TrackedSockets tracked = TrackedSockets.over(null);
            Socket client = tracked.factory().createSocket();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 30_000);
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(60_000);
                assertThat(tracked.open()).isEqualTo(1);

                tracked.closeAll();

                assertThat(client.isClosed()).isTrue();
                assertThat(tracked.open()).isZero();
                try (InputStream in = peer.getInputStream()) {
                    assertThat(in.read()).as("what the peer reads after closeAll").isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void anSslFactoryStaysAnSslFactorySoPahoAcceptsItForSslUris() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, null, null);

        TrackedSockets tracked = TrackedSockets.over(context.getSocketFactory());

        assertThat(tracked.factory()).isInstanceOf(SSLSocketFactory.class);
        assertThat(TrackedSockets.over(null).factory()).isNotInstanceOf(SSLSocketFactory.class);
    }
}
