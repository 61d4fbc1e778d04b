package todo.loop;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns every session, subscription and presence set (the role of Tornado's IOLoop).
 * Tasks run in submission order. A task that throws is logged and the loop carries on: one bug must not
 * take every connection down. Nothing submitted here may block. After each task the {@link TaskEnd} hook, if one is
 * set, learns whether more tasks are waiting: the WebSocket layer uses it to write a burst's events together.
 */
public final class EventLoop implements Executor {
    public static final String THREAD_NAME = "todo-loop";
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ThreadPoolExecutor executor;
    private volatile Thread thread;
    /** Set once, before the first task; read on the loop thread. */
    private volatile TaskEnd taskEnd;

    /** Called on the loop thread after every task (and after a task that threw). */
    @FunctionalInterface
    public interface TaskEnd {
        /** @param queueEmpty no task is waiting: the loop is about to idle */
        void ended(boolean queueEmpty);
    }

    public EventLoop() {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, THREAD_NAME);
            thread = t;
            return t;
        });
    }

    /** Queues {@code task} to run on the loop thread. Callable from any thread; ignored after shutdown. */
    @Override
    public void execute(Runnable task) {
        if (executor.isShutdown()) {
            log.debug("loop stopped; dropping a task");
            return;
        }
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("uncaught exception on the event loop", e);
            }
            TaskEnd end = taskEnd;
            if (end != null) {
                try {
                    end.ended(executor.getQueue().isEmpty());
                } catch (RuntimeException | Error e) {
                    log.error("uncaught exception at the end of a loop task", e);
                }
            }
        });
    }

    /** Sets the hook run after every task. Once, before any task that needs it; any thread. */
    public void onTaskEnd(TaskEnd hook) {
        if (taskEnd != null) {
            throw new IllegalStateException("the loop's task-end hook is already set");
        }
        taskEnd = hook;
    }

    /** Tasks queued and not yet started. Any thread. */
    public int queueDepth() {
        return executor.getQueue().size();
    }

    /** True when called from the loop thread; used in assertions of thread confinement. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs what is queued, then stops the thread. Blocks up to {@code millis}. Not callable from the loop. */
    public void shutdown(long millis) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
            log.warn("event loop did not stop within {} ms", millis);
            executor.shutdownNow();
        }
    }
}
