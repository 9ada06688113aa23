package org.hubdex.zoo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line behind {@code ops/zoo}:
 * {@code ZooMain --preset tiny|standard --seed N --out DIR [--workers N] [--data DIR] [--progress SECONDS]}.
 * Exit code 0 when the zoo is complete, 2 for bad arguments, 1 for any other failure (finished models are kept; run
 * the same command again to resume).
 */
public final class ZooMain {

    static final String USAGE = """
            usage: ZooMain --preset tiny|standard --seed N --out DIR [--workers N] [--data DIR] [--progress SECONDS]
              --preset    population size: tiny (about 30 models, CI) or standard (612 models, 14 trees)   [tiny]
              --seed      the zoo seed: same preset and seed, same population                           [1]
              --out       output folder (hub/, updates/, manifest.jsonl, zoo.json); resumed if it holds the same zoo
              --workers   models trained at once, one core each                              [available processors]
              --data      folder with the Fashion-MNIST IDX files                  [/usr/share/datasets/fashion-mnist]
              --progress  seconds between progress lines                                                    [15]
            """;

    private ZooMain() {
    }

    public static void main(String[] args) {
        ZooOptions options;
        try {
            options = parse(List.of(args));
        } catch (InvalidZooOptionsException | IllegalArgumentException e) {
            System.err.println("zoo: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        try {
            ZooGenerator.create(options).run();
        } catch (ZooException e) {
            System.err.println("zoo: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The options of a command line, or null when it asks for help. */
    static ZooOptions parse(List<String> args) {
        ZooOptions.Builder builder = ZooOptions.builder();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.size()) {
                throw new InvalidZooOptionsException(flag + " needs a value");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--preset" -> builder.optPreset(ZooPreset.fromId(value));
                case "--seed" -> builder.optSeed(number(flag, value));
                case "--out" -> builder.setOutput(Path.of(value));
                case "--workers" -> builder.optWorkers((int) number(flag, value));
                case "--data" -> builder.optDataDir(Path.of(value));
                case "--progress" -> builder.optProgressInterval(Duration.ofSeconds(number(flag, value)));
                default -> throw new InvalidZooOptionsException("unknown option " + flag);
            }
        }
        return builder.build();
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidZooOptionsException(flag + " expects a whole number, got '" + value + "'");
        }
    }
}
