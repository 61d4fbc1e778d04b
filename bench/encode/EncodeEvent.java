import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import todo.model.Task;
import todo.model.TaskEvent;
import todo.protocol.JsonText;
import todo.protocol.Wire;

/**
 * What encoding one task.created event costs on one thread: Gson's JsonElement.toString() against
 * todo.protocol.JsonText (same text, no StringWriter), and building the tree before either. The loop encodes a
 * reply and an event per create.
 * Run: {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp server/target/todo-server.jar bench/encode/EncodeEvent.java}
 */
public class EncodeEvent {
    static final int N = 200_000;
    static final int ROUNDS = 6;

    public static void main(String[] args) {
        Instant at = Instant.parse("2026-12-02T10:15:30.120Z");
        Task t = new Task(123456, 17, "buy milk and bread for the weekend", "", null, false, at, at, "writer07",
            "writer07", 4242, "a0V7");
        TaskEvent e = new TaskEvent(TaskEvent.Kind.CREATED, 17, 4242, "writer07", t, List.of());
        JsonObject tree = Wire.taskEvent(e);
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += tree.toString().length();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += JsonText.of(tree).length();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                sink += Wire.taskEvent(e).size();
            }
            long t3 = System.nanoTime();
            System.out.printf("round %d: toString() %.2f µs, JsonText.of %.2f µs, building the tree %.2f µs%n", round,
                (t1 - t0) / 1e3 / N, (t2 - t1) / 1e3 / N, (t3 - t2) / 1e3 / N);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
