package io.intercomsync.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of the sandbox with latency 0: POST/PUT/GET contact requests from keep-alive clients.
 *
 * <pre>
 * mvn -q -B -o test-compile
 * java -cp target/classes:target/test-classes:$(mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *     io.intercomsync.sandbox.SandboxThroughputBench [requests=20000] [threads=16] [seedUsers=1000] [latencyMs=0]
 * </pre>
 */
public final class SandboxThroughputBench {
    private SandboxThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seed = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int latency = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (Sandbox sandbox = Sandbox.builder().rateLimit(0).seedUsers(seed).latencyMs(latency).start()) {
            System.out.printf("sandbox on %s, seeded with %d users, latency %d ms; %d threads, %d requests (+ warm-up)%n",
                    sandbox.baseUrl(), seed, latency, threads, total);
            run(sandbox, Math.max(2000, total / 10), threads, "warm");
            sandbox.resetStats();
            long t0 = System.nanoTime();
            Map<Integer, LongAdder> statuses = run(sandbox, total, threads, "run");
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d requests in %.2f s = %.0f requests/s; statuses %s; sandbox stats: %s%n",
                    total, secs, total / secs, statuses, sandbox.stats().byEndpoint());
        }
    }

    private static Map<Integer, LongAdder> run(Sandbox sandbox, int total, int threads, String prefix) throws Exception {
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tid = t;
            Thread th = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String lastId = null;
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        HttpRequest.Builder b;
                        int kind = i % 3;
                        if (kind == 0 || lastId == null) {
                            b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/contacts"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"external_id\":\"" + prefix + "-" + tid + "-" + i
                                            + "\",\"email\":\"" + prefix + i + "@bench.example\",\"name\":\"Bench " + i + "\"}"));
                        } else if (kind == 1) {
                            b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/contacts/" + lastId))
                                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench updated " + i + "\"}"));
                        } else {
                            b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/contacts/" + lastId)).GET();
                        }
                        HttpResponse<String> r = client.send(b.header("Authorization", "Bearer sandbox-token")
                                .header("Intercom-Version", "2.16").header("Content-Type", "application/json").build(),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), k -> new LongAdder()).increment();
                        if (kind == 0 && r.statusCode() == 200) {
                            int at = r.body().indexOf("\"id\":\"") + 6;
                            lastId = r.body().substring(at, r.body().indexOf('"', at));
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
            ts.add(th);
            th.start();
        }
        done.await();
        return statuses;
    }
}
