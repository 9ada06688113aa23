package org.hubdex.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ops/bench}: {@code ops/bench <name>} runs one benchmark, prints its report
 * and writes it to a file (see {@link ResultsFile}). Benchmarks are not tests: they assert nothing,
 * they measure, and every figure comes with a baseline measured in the same run.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "--help" : args[0];
        String body;
        switch (name) {
            case "serde" -> body = SerdeBenchmark.run(SerdeBenchmark.defaultRounds());
            case "crawl" -> body = CrawlBenchmark.run(Integer.parseInt(System.getenv().getOrDefault("HUBDEX_BENCH_MODELS", "10000")),
                    CrawlBenchmark.defaultRounds());
            case "tokenize" -> body = TokenizeBenchmark.run(TokenizeBenchmark.defaultRounds());
            case "trends" -> body = TrendsBenchmark.run(Integer.parseInt(System.getenv().getOrDefault("HUBDEX_BENCH_EVENTS", "50000")),
                    TrendsBenchmark.defaultRounds());
            case "quality" -> {
                List<String> options = Arrays.asList(args).subList(1, args.length);
                try {
                    QualityBenchmark.flags(options);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.exit(2);
                    return;
                }
                body = QualityBenchmark.run(options);
            }
            case "-h", "--help" -> {
                System.out.println("""
                        usage: ops/bench <benchmark>
                          serde    encode/decode throughput of the topic codecs vs plain Avro binary
                          crawl    hub client listing and header reads vs plain HTTP against the local hub
                                   (10,000 repositories; HUBDEX_BENCH_MODELS changes the count)
                          tokenize tokenizer GB/s on a 128 MiB F32 and BF16 file vs an array copy of its bytes; the
                                   tokenize job's models/s on the standard zoo (HUBDEX_BENCH_ZOO) vs one plain thread
                          trends   the trends application's events/s on the real broker vs an exactly-once pass-through
                                   (HUBDEX_BENCH_EVENTS models, default 50,000), and end-to-end lag at half that rate
                          quality  [--zoo DIR] [--backbone-seconds N] trains a model set on a zoo (default
                                   $HUBDEX_HOME/zoo-standard) and scores it on held-out models against the zoo's
                                   manifest: ProbeX categories vs a dense linear expert and s(W); text retrieval vs
                                   card text and chance; property R^2 vs s(W) and raw weights; the router vs 1-NN;
                                   time and peak memory of each part; the issue's targets, reached or not
                        Reports are printed and written to $HUBDEX_HOME/bench/ (or $HUBDEX_BENCH_OUT).""");
                return;
            }
            default -> {
                System.err.println("unknown benchmark '" + name + "' (try: ops/bench --help)");
                System.exit(2);
                return;
            }
        }
        String figures = name.equals("quality") ? "" : "Figures are medians over the measured rounds.\n\n";
        String report = "# ops/bench " + name + "\n\n" + Instant.now() + " on " + ResultsFile.machine() + "\n\n" + figures
                + body;
        System.out.println(report);
        Path file = ResultsFile.write(name, report);
        System.out.println("written to " + file.toAbsolutePath());
    }
}
