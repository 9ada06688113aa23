package org.hubdex.stack.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds installed JDKs and picks the newest: Elasticsearch's vector code runs about twice as fast on
 * a JDK 21+ (Lucene's Panama vector support). A JDK is a directory with an executable
 * {@code bin/java} and a {@code release} file naming {@code JAVA_VERSION}. Stateless.
 */
public final class JdkLocator {

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?[^\"]*\"?",
            Pattern.MULTILINE);

    /** A JDK found on disk. */
    public record Jdk(Path home, int feature, int interim, int update) {
        String versionText() {
            return feature + "." + interim + "." + update;
        }
    }

    private JdkLocator() {
    }

    /** The directories under {@code /usr/lib/jvm} and the running JVM's home. */
    public static List<Path> systemCandidates() {
        List<Path> out = new ArrayList<>();
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> s = Files.list(jvm)) {
                s.filter(Files::isDirectory).forEach(out::add);
            } catch (IOException ignored) {
                // an unreadable /usr/lib/jvm just contributes no candidates
            }
        }
        out.add(Path.of(System.getProperty("java.home")));
        return out;
    }

    /** Reads one candidate; empty when it is not a JDK (no executable {@code bin/java} or no version). */
    public static Optional<Jdk> inspect(Path home) {
        try {
            Path real = home.toRealPath();
            if (!Files.isExecutable(real.resolve("bin/java")) || !Files.isRegularFile(real.resolve("release"))) {
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(Files.readString(real.resolve("release")));
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(new Jdk(real, Integer.parseInt(m.group(1)), num(m.group(2)), num(m.group(3))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The newest JDK among {@code candidates} (symlinks to the same directory count once) whose feature
     * version is at least {@code minFeature}; ties go to the first listed.
     */
    public static Optional<Jdk> newest(List<Path> candidates, int minFeature) {
        Set<Path> unique = new LinkedHashSet<>(candidates);
        return unique.stream()
                .map(JdkLocator::inspect)
                .flatMap(Optional::stream)
                .filter(j -> j.feature() >= minFeature)
                .max(Comparator.comparingInt(Jdk::feature).thenComparingInt(Jdk::interim).thenComparingInt(Jdk::update));
    }

    private static int num(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }
}
