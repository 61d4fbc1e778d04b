package todo.net;

import java.io.IOException;
import java.nio.channels.DatagramChannel;

/**
 * Whether the process can open one more file descriptor right now. Asked just before each {@code accept()}: an
 * accept that fails for want of one would, in Java-WebSocket 1.6.0, close the listening socket for good.
 */
public final class Descriptors {
    private Descriptors() {}

    /** Opens and closes a socket; false when that fails (EMFILE, ENFILE, ENOBUFS). Any thread; a few microseconds. */
    public static boolean oneMoreAvailable() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.isOpen();
        } catch (IOException e) {
            return false;
        }
    }
}
