package org.hubdex.zoo.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hubdex.zoo.ActivationFunction;
import org.hubdex.zoo.Family;
import org.hubdex.zoo.FashionMnist;
import org.hubdex.zoo.InitKind;

/**
 * Scratch experiment loop for cnn-small base recipes (schedules, EMA, SWA, label smoothing). Not a test.
 * key=value arguments; see {@link #main}.
 */
public final class CnnSmallLab {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        TorchRuntime.start(1);
        FashionMnist data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        if (a.containsKey("teacherOut")) {
            teacher(data, a);
            return;
        }
        for (String s : a.getOrDefault("seeds", "1").split(",")) {
            run(data, a, Long.parseLong(s));
        }
    }

    static double d(Map<String, String> a, String k, double def) {
        return a.containsKey(k) ? Double.parseDouble(a.get(k)) : def;
    }

    static int i(Map<String, String> a, String k, int def) {
        return a.containsKey(k) ? Integer.parseInt(a.get(k)) : def;
    }

    static double[] list(Map<String, String> a, String k) {
        String v = a.getOrDefault(k, "");
        return v.isEmpty() ? new double[0] : Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static int[][] split(FashionMnist data, int holdout) {
        List<Integer> trainList = new ArrayList<>();
        List<Integer> valList = new ArrayList<>();
        Rng split = new Rng(777);
        for (int c = 0; c < 10; c++) {
            int[] idx = data.train().indicesOf(c);
            split.shuffle(idx);
            for (int k = 0; k < idx.length; k++) {
                (k < holdout ? valList : trainList).add(idx[k]);
            }
        }
        return new int[][] {trainList.stream().mapToInt(Integer::intValue).toArray(),
                valList.stream().mapToInt(Integer::intValue).toArray()};
    }

    /** Trains a teacher with the real trainer on the split and saves its logits for all training images. */
    static void teacher(FashionMnist data, Map<String, String> a) throws Exception {
        int[][] sv = split(data, i(a, "holdout", 600));
        Family family = Family.fromId(a.getOrDefault("family", "cnn-wide"));
        Network network = Network.of(family, 10, ActivationFunction.fromId(a.getOrDefault("act", "gelu")));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        InitKind initKind = InitKind.fromId(a.getOrDefault("init", "kaiming_uniform"));
        org.hubdex.zoo.TrainingRecipe recipe = new org.hubdex.zoo.TrainingRecipe(org.hubdex.zoo.OptimizerKind.ADAM,
                d(a, "lr", 2e-3), org.hubdex.zoo.LrSchedule.COSINE, d(a, "wd", 0), i(a, "epochs", 12), i(a, "batch", 128),
                6000, List.of(), List.of(), initKind, seed);
        Rng init = new Rng(Rng.derive(seed, "init"));
        LinkedHashMap<String, float[]> start = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            start.put(spec.name(), Initializer.initialize(spec, initKind, init));
        }
        int[] head = ClassIndex.headIndexOfClass(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        ModelTrainer trainer = new ModelTrainer(data);
        ModelTrainer.TrainRun run = trainer.train(network, start, recipe, sv[0], head, "teacher");
        int[] test = new ClassIndex(data.test()).all(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        double[] tr = eval(network, run.weights(), data.train(), sv[0], head);
        double[] va = eval(network, run.weights(), data.train(), sv[1], head);
        double[] te = eval(network, run.weights(), data.test(), test, head);
        System.out.printf("TEACHER %s train=%.4f val=%.4f test=%.4f time=%.0fs%n", family.id(), tr[0], va[0], te[0], run.seconds());
        int n = data.train().size();
        int[] all = new int[n];
        for (int k = 0; k < n; k++) {
            all[k] = k;
        }
        float[] logits = logits(network, run.weights(), data.train(), all);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(a.get("teacherOut"))))) {
            for (float f : logits) {
                out.writeFloat(f);
            }
        }
    }

    static float[] readTeacher(String path, int n) throws Exception {
        float[] logits = new float[n * 10];
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                new java.io.FileInputStream(path)))) {
            for (int k = 0; k < logits.length; k++) {
                logits[k] = in.readFloat();
            }
        }
        return logits;
    }

    static float[] logits(Network network, Map<String, float[]> w, org.hubdex.zoo.ImageSet set, int[] idx) {
        TorchRuntime.recordGradients(false);
        float[] out = new float[idx.length * 10];
        float[] pixels = new float[1000 * FashionMnist.PIXELS];
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : network.params()) {
                params.put(spec.name(), root.create(w.get(spec.name()), new Shape(spec.shape())));
            }
            for (int from = 0; from < idx.length; from += 1000) {
                int count = Math.min(1000, idx.length - from);
                for (int k = 0; k < count; k++) {
                    set.normalized(idx[from + k], pixels, k * FashionMnist.PIXELS);
                }
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.create(Arrays.copyOf(pixels, count * FashionMnist.PIXELS), new Shape(count, 1, 28, 28));
                    float[] l = network.forward(x, params).toFloatArray();
                    System.arraycopy(l, 0, out, from * 10, l.length);
                }
            }
        }
        return out;
    }

    static void run(FashionMnist data, Map<String, String> a, long seed) throws Exception {
        String tag = a.getOrDefault("tag", "run");
        int epochs = i(a, "epochs", 30);
        int batch = i(a, "batch", 64);
        double lr = d(a, "lr", 3e-3);
        double warm = d(a, "warm", 0);          // warmup fraction of steps (linear from lr/25)
        double decayEnd = d(a, "decayEnd", 1);  // cosine reaches final at this fraction, constant after
        double fin = d(a, "final", 0.01);
        double wd = d(a, "wd", 0);
        String opt = a.getOrDefault("opt", "adam");
        double ls = d(a, "ls", 0);
        int holdout = i(a, "holdout", 600);
        double[] emas = list(a, "ema");
        double[] swas = list(a, "swa");
        int swaEvery = i(a, "swaEvery", 50);
        int evalEvery = i(a, "evalEvery", 0);
        InitKind initKind = InitKind.fromId(a.getOrDefault("init", "kaiming_uniform"));
        ActivationFunction act = ActivationFunction.fromId(a.getOrDefault("act", "gelu"));

        Network network = Network.of(Family.CNN_SMALL, 10, act);
        int[] head = ClassIndex.headIndexOfClass(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        // fixed holdout: per class, the first `holdout` images of a fixed shuffle (same for every seed)
        int[][] sv = split(data, holdout);
        int[] sample = sv[0];
        int[] val = sv[1];
        double kdAlpha = d(a, "kdAlpha", 0);
        double sam = d(a, "sam", 0);
        int expand = i(a, "expand", 0);
        boolean exactStart = a.getOrDefault("expInit", "random").equals("exact");
        int samEvery = i(a, "samEvery", 1);
        double kdT = d(a, "kdT", 1);
        float[] teacher = kdAlpha > 0 ? readTeacher(a.get("teacher"), data.train().size()) : null;
        float[] soft = new float[batch * 10];
        ByteBuffer softBuffer = ByteBuffer.allocateDirect(soft.length * 4).order(ByteOrder.nativeOrder());
        int[] test = new ClassIndex(data.test()).all(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));

        Rng init = new Rng(Rng.derive(seed, "init"));
        LinkedHashMap<String, float[]> start = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            start.put(spec.name(), Initializer.initialize(spec, initKind, init));
        }
        ModelTrainer evaluator = new ModelTrainer(data);

        long begin = System.nanoTime();
        Rng rng = new Rng(Rng.derive(seed, "batches"));
        int n = sample.length;
        int stepsPerEpoch = (n + batch - 1) / batch;
        int total = stepsPerEpoch * epochs;
        int warmSteps = (int) Math.round(warm * total);
        int decaySteps = (int) Math.round(decayEnd * total);
        Tracker tracker = t -> {
            int s = t - 1;
            if (s < warmSteps) {
                return (float) (lr / 25 + (lr - lr / 25) * s / warmSteps);
            }
            if (s >= decaySteps) {
                return (float) (lr * fin);
            }
            double p = (double) (s - warmSteps) / Math.max(1, decaySteps - warmSteps);
            return (float) (lr * fin + (lr - lr * fin) * (1 + Math.cos(Math.PI * p)) / 2);
        };
        Optimizer optimizer = switch (opt) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(tracker).optWeightDecays((float) wd).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(tracker).optWeightDecays((float) wd).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(tracker).optMomentum(0.9f).optWeightDecays((float) wd).build();
            case "nag" -> Optimizer.nag().setLearningRateTracker(tracker).setMomentum(0.9f).optWeightDecays((float) wd).build();
            default -> throw new IllegalArgumentException(opt);
        };
        Set<org.hubdex.zoo.Augmentation> augs = new java.util.HashSet<>();
        for (String aug : a.getOrDefault("aug", "").split(",")) {
            if (!aug.isEmpty()) {
                augs.add(org.hubdex.zoo.Augmentation.fromId(aug));
            }
        }
        BatchMaker batches = new BatchMaker(data.train(), head, 10, augs);
        float[] pixels = new float[batch * FashionMnist.PIXELS];
        float[] targets = new float[batch * 10];
        ByteBuffer pixelBuffer = ByteBuffer.allocateDirect(pixels.length * 4).order(ByteOrder.nativeOrder());
        ByteBuffer targetBuffer = ByteBuffer.allocateDirect(targets.length * 4).order(ByteOrder.nativeOrder());
        int[] order = sample.clone();
        StringBuilder curve = new StringBuilder();
        List<String> results = new ArrayList<>();
        TorchRuntime.recordGradients(false);
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            Rng factorRng = new Rng(Rng.derive(seed, "expand"));
            for (ParamSpec spec : network.params()) {
                if (expand > 0 && spec.kind() == ParamSpec.Kind.WEIGHT) {
                    long out = spec.shape()[0];
                    long in = spec.shape()[1];
                    double sigma = switch (initKind) {
                        case KAIMING_NORMAL -> Math.sqrt(2.0 / spec.fanIn());
                        case XAVIER_UNIFORM -> Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut())) / Math.sqrt(3);
                        default -> 1 / Math.sqrt(spec.fanIn()) / Math.sqrt(3);
                    };
                    long[] kShape = spec.shape().clone();
                    kShape[0] = expand * out;
                    kShape[1] = expand * in;
                    if (exactStart) {
                        float[][] f = exactFactors(start.get(spec.name()), spec.shape(), expand, sigma, factorRng);
                        params.put(spec.name() + ".A", leaf(root, new Shape(expand * in, in), f[0]));
                        params.put(spec.name() + ".K", leaf(root, new Shape(kShape), f[1]));
                        params.put(spec.name() + ".C", leaf(root, new Shape(out, expand * out), f[2]));
                        continue;
                    }
                    params.put(spec.name() + ".A", leaf(root, new Shape(expand * in, in), 1 / Math.sqrt(expand * in), factorRng));
                    params.put(spec.name() + ".K", leaf(root, new Shape(kShape), sigma, factorRng));
                    params.put(spec.name() + ".C", leaf(root, new Shape(out, expand * out), 1 / Math.sqrt(expand * out), factorRng));
                    continue;
                }
                NDArray p = root.create(start.get(spec.name()), new Shape(spec.shape()));
                p.setRequiresGradient(true);
                params.put(spec.name(), p);
            }
            if (expand > 0) {
                Map<String, float[]> w0 = exported(network, params, root);
                double maxErr = 0;
                for (String k : w0.keySet()) {
                    for (int j = 0; j < w0.get(k).length; j++) {
                        maxErr = Math.max(maxErr, Math.abs(w0.get(k)[j] - start.get(k)[j]));
                    }
                }
                System.out.printf("EXPAND start max |W_eff - W0| = %.3g%n", maxErr);
            }
            List<Map<String, NDArray>> ema = new ArrayList<>();
            for (double ignored : emas) {
                Map<String, NDArray> m = new LinkedHashMap<>();
                params.forEach((k, v) -> m.put(k, root.create(start.get(k), v.getShape())));
                ema.add(m);
            }
            List<Map<String, NDArray>> swa = new ArrayList<>();
            int[] swaCount = new int[swas.length];
            for (double ignored : swas) {
                Map<String, NDArray> m = new LinkedHashMap<>();
                params.forEach((k, v) -> m.put(k, root.zeros(v.getShape())));
                swa.add(m);
            }
            int step = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                rng.shuffle(order);
                for (int from = 0; from < n; from += batch) {
                    int count = Math.min(batch, n - from);
                    batches.fill(order, from, count, pixels, targets, rng);
                    if (ls > 0) {
                        for (int k = 0; k < count * 10; k++) {
                            targets[k] = (float) (targets[k] * (1 - ls) + ls / 10);
                        }
                    }
                    try (NDManager scope = root.newSubManager()) {
                        pixelBuffer.clear();
                        pixelBuffer.asFloatBuffer().put(pixels);
                        targetBuffer.clear();
                        targetBuffer.asFloatBuffer().put(targets);
                        NDArray x = scope.create(pixelBuffer, new Shape(batch, 1, 28, 28), DataType.FLOAT32);
                        NDArray y = scope.create(targetBuffer, new Shape(batch, 10), DataType.FLOAT32);
                        if (count < batch) {
                            x = x.get("0:" + count);
                            y = y.get("0:" + count);
                        }
                        NDArray ySoft = null;
                        if (teacher != null) {
                            for (int k = 0; k < count; k++) {
                                int img = order[from + k];
                                double max = Double.NEGATIVE_INFINITY;
                                for (int c = 0; c < 10; c++) {
                                    max = Math.max(max, teacher[img * 10 + c] / kdT);
                                }
                                double z = 0;
                                for (int c = 0; c < 10; c++) {
                                    z += Math.exp(teacher[img * 10 + c] / kdT - max);
                                }
                                for (int c = 0; c < 10; c++) {
                                    soft[k * 10 + c] = (float) (Math.exp(teacher[img * 10 + c] / kdT - max) / z);
                                }
                            }
                            softBuffer.clear();
                            softBuffer.asFloatBuffer().put(soft);
                            ySoft = scope.create(softBuffer, new Shape(batch, 10), DataType.FLOAT32);
                            if (count < batch) {
                                ySoft = ySoft.get("0:" + count);
                            }
                        }
                        TorchRuntime.recordGradients(true);
                        NDArray loss;
                        try {
                            NDArray logits = network.forward(x, effective(network, params, scope));
                            loss = logits.logSoftmax(1).mul(y).sum().div(-count);
                            if (ySoft != null) {
                                NDArray kd = logits.div((float) kdT).logSoftmax(1).mul(ySoft).sum().div(-count);
                                loss = loss.mul((float) (1 - kdAlpha)).add(kd.mul((float) (kdAlpha * kdT * kdT)));
                            }
                            TorchRuntime.backward(loss);
                        } finally {
                            TorchRuntime.recordGradients(false);
                        }
                        if (step % 500 == 0 && !Float.isFinite(loss.getFloat())) {
                            throw new IllegalStateException("diverged at step " + step);
                        }
                        if (sam > 0 && (samEvery <= 1 || step % samEvery == 0)) {
                            double sq = 0;
                            Map<String, NDArray> eps = new LinkedHashMap<>();
                            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                                NDArray g = e.getValue().getGradient();
                                g.attach(scope);
                                sq += g.square().sum().getFloat();
                                eps.put(e.getKey(), g);
                            }
                            double norm = Math.sqrt(sq) + 1e-12;
                            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                                NDArray ei = eps.get(e.getKey()).mul((float) (sam / norm));
                                ei.attach(scope);
                                eps.put(e.getKey(), ei);
                                e.getValue().addi(ei);
                                TorchRuntime.zeroGradient(e.getValue());
                            }
                            TorchRuntime.recordGradients(true);
                            try {
                                NDArray logits2 = network.forward(x, effective(network, params, scope));
                                TorchRuntime.backward(logits2.logSoftmax(1).mul(y).sum().div(-count));
                            } finally {
                                TorchRuntime.recordGradients(false);
                            }
                            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                                e.getValue().subi(eps.get(e.getKey()));
                            }
                        }
                        for (Map.Entry<String, NDArray> e : params.entrySet()) {
                            try (NDArray g = e.getValue().getGradient()) {
                                optimizer.update(e.getKey(), e.getValue(), g);
                            }
                            TorchRuntime.zeroGradient(e.getValue());
                        }
                        for (int j = 0; j < emas.length; j++) {
                            float keep = (float) Math.min(emas[j], (1.0 + step) / (10.0 + step));
                            for (Map.Entry<String, NDArray> e : ema.get(j).entrySet()) {
                                NDArray diff = params.get(e.getKey()).sub(e.getValue());
                                diff.attach(scope);
                                e.getValue().addi(diff.muli(1 - keep));
                            }
                        }
                        for (int j = 0; j < swas.length; j++) {
                            if (step >= swas[j] * total && (total - 1 - step) % swaEvery == 0) {
                                for (Map.Entry<String, NDArray> e : swa.get(j).entrySet()) {
                                    e.getValue().addi(params.get(e.getKey()));
                                }
                                swaCount[j]++;
                            }
                        }
                    }
                    step++;
                }
                if (evalEvery > 0 && (epoch + 1) % evalEvery == 0 && epoch + 1 < epochs) {
                    Map<String, float[]> w = exported(network, params, root);
                    curve.append(String.format(" e%d:%.4f/%.4f", epoch + 1,
                            holdout > 0 ? evaluator.accuracy(network, w, data.train(), val, head) : Double.NaN,
                            evaluator.accuracy(network, w, data.test(), test, head)));
                }
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            results.add(measure("final", exported(network, params, root), evaluator, network, data, sample, val, test, head));
            for (int j = 0; j < emas.length; j++) {
                results.add(measure("ema" + emas[j], copy(ema.get(j), 1), evaluator, network, data, sample, val, test, head));
            }
            for (int j = 0; j < swas.length; j++) {
                results.add(measure("swa" + swas[j] + "(" + swaCount[j] + ")", copy(swa.get(j), 1.0 / swaCount[j]),
                        evaluator, network, data, sample, val, test, head));
            }
            for (String r : results) {
                System.out.printf("RESULT %s seed=%d init=%s %s time=%.0fs args=%s%n", tag, seed, initKind.id(), r, seconds, a);
            }
            if (curve.length() > 0) {
                System.out.printf("CURVE %s seed=%d%s%n", tag, seed, curve);
            }
        }
    }

    static String measure(String what, Map<String, float[]> w, ModelTrainer ev, Network network, FashionMnist data,
            int[] sample, int[] val, int[] test, int[] head) {
        double[] tr = eval(network, w, data.train(), sample, head);
        double[] va = val.length > 0 ? eval(network, w, data.train(), val, head) : new double[] {Double.NaN, Double.NaN};
        double[] te = eval(network, w, data.test(), test, head);
        return String.format("%s train=%.4f val=%.4f test=%.4f trainNll=%.4f valNll=%.4f testNll=%.4f", what,
                tr[0], va[0], te[0], tr[1], va[1], te[1]);
    }

    /** accuracy and mean NLL */
    static double[] eval(Network network, Map<String, float[]> w, org.hubdex.zoo.ImageSet set, int[] idx, int[] head) {
        TorchRuntime.recordGradients(false);
        int correct = 0;
        double nll = 0;
        float[] pixels = new float[1000 * FashionMnist.PIXELS];
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : network.params()) {
                params.put(spec.name(), root.create(w.get(spec.name()), new Shape(spec.shape())));
            }
            for (int from = 0; from < idx.length; from += 1000) {
                int count = Math.min(1000, idx.length - from);
                for (int k = 0; k < count; k++) {
                    set.normalized(idx[from + k], pixels, k * FashionMnist.PIXELS);
                }
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.create(Arrays.copyOf(pixels, count * FashionMnist.PIXELS), new Shape(count, 1, 28, 28));
                    float[] logp = network.forward(x, params).logSoftmax(1).toFloatArray();
                    for (int k = 0; k < count; k++) {
                        int y = head[set.labels()[idx[from + k]]];
                        int best = 0;
                        for (int c = 1; c < 10; c++) {
                            if (logp[k * 10 + c] > logp[k * 10 + best]) {
                                best = c;
                            }
                        }
                        if (best == y) {
                            correct++;
                        }
                        nll -= logp[k * 10 + y];
                    }
                }
            }
        }
        return new double[] {(double) correct / idx.length, nll / idx.length};
    }

    static NDArray leaf(NDManager m, Shape shape, float[] v) {
        NDArray p = m.create(v, shape);
        p.setRequiresGradient(true);
        return p;
    }

    /** Rows of a rows x cols matrix (rows <= cols) made orthonormal (Gram-Schmidt on Gaussian rows). */
    static double[][] orthonormalRows(int rows, int cols, Rng rng) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = rng.nextGaussian();
            }
            for (int q = 0; q < r; q++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += m[r][c] * m[q][c];
                }
                for (int c = 0; c < cols; c++) {
                    m[r][c] -= dot * m[q][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < cols; c++) {
                norm += m[r][c] * m[r][c];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < cols; c++) {
                m[r][c] /= norm;
            }
        }
        return m;
    }

    /**
     * Factors A [r*in, in], K [r*out, r*in, (k, k)], C [out, r*out] with C.K.A = w exactly: A has orthonormal
     * columns, C orthonormal rows, K = C^T w A^T + (N - C^T C N A^T A) with N Gaussian of std sigma.
     */
    static float[][] exactFactors(float[] w, long[] shape, int r, double sigma, Rng rng) {
        int out = (int) shape[0];
        int in = (int) shape[1];
        int kk = shape.length == 4 ? (int) (shape[2] * shape[3]) : 1;
        int ro = r * out;
        int ri = r * in;
        double[][] at = orthonormalRows(in, ri, rng); // A^T: [in, ri]
        double[][] c = orthonormalRows(out, ro, rng);  // C: [out, ro]
        float[] aOut = new float[ri * in];
        for (int x = 0; x < ri; x++) {
            for (int i = 0; i < in; i++) {
                aOut[x * in + i] = (float) at[i][x];
            }
        }
        float[] cOut = new float[out * ro];
        for (int o = 0; o < out; o++) {
            for (int b = 0; b < ro; b++) {
                cOut[o * ro + b] = (float) c[o][b];
            }
        }
        float[] kOut = new float[ro * ri * kk];
        for (int p = 0; p < kk; p++) {
            double[][] n = new double[ro][ri];
            for (int b = 0; b < ro; b++) {
                for (int x = 0; x < ri; x++) {
                    n[b][x] = rng.nextGaussian() * sigma;
                }
            }
            // M = w_p - C N A  [out, in]
            double[][] na = new double[ro][in]; // N A
            for (int b = 0; b < ro; b++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int x = 0; x < ri; x++) {
                        sum += n[b][x] * at[i][x];
                    }
                    na[b][i] = sum;
                }
            }
            double[][] m = new double[out][in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int b = 0; b < ro; b++) {
                        sum += c[o][b] * na[b][i];
                    }
                    m[o][i] = w[(o * in + i) * kk + p] - sum;
                }
            }
            // K_p = N + C^T M A^T
            for (int b = 0; b < ro; b++) {
                for (int x = 0; x < ri; x++) {
                    double sum = 0;
                    for (int o = 0; o < out; o++) {
                        for (int i = 0; i < in; i++) {
                            sum += c[o][b] * m[o][i] * at[i][x];
                        }
                    }
                    kOut[(b * ri + x) * kk + p] = (float) (n[b][x] + sum);
                }
            }
        }
        return new float[][] {aOut, kOut, cOut};
    }

    static NDArray leaf(NDManager m, Shape shape, double std, Rng rng) {
        float[] v = new float[(int) shape.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (rng.nextGaussian() * std);
        }
        NDArray p = m.create(v, shape);
        p.setRequiresGradient(true);
        return p;
    }

    /** The network's parameters: leaves as they are, expanded weights contracted (C . K . A), in scope. */
    static Map<String, NDArray> effective(Network network, Map<String, NDArray> leaves, NDManager scope) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (ParamSpec spec : network.params()) {
            NDArray direct = leaves.get(spec.name());
            if (direct != null) {
                out.put(spec.name(), direct);
                continue;
            }
            NDArray a = leaves.get(spec.name() + ".A");
            NDArray k = leaves.get(spec.name() + ".K");
            NDArray c = leaves.get(spec.name() + ".C");
            NDArray w;
            if (spec.shape().length == 2) {
                NDArray ck = c.matMul(k);
                ck.attach(scope);
                w = ck.matMul(a);
                w.attach(scope);
            } else {
                long bo = k.getShape().get(0);
                long ai = k.getShape().get(1);
                long kh = k.getShape().get(2);
                long kw = k.getShape().get(3);
                NDArray kt = k.transpose(0, 2, 3, 1);                          // [b, p, q, a]
                kt.attach(scope);
                NDArray ka = kt.reshape(bo * kh * kw, ai).matMul(a);           // [b*p*q, i]
                ka.attach(scope);
                long in = a.getShape().get(1);
                NDArray ck = c.matMul(ka.reshape(bo, kh * kw * in));            // [o, p*q*i]
                ck.attach(scope);
                w = ck.reshape(spec.shape()[0], kh, kw, in).transpose(0, 3, 1, 2);
                w.attach(scope);
            }
            out.put(spec.name(), w);
        }
        return out;
    }

    static Map<String, float[]> exported(Network network, Map<String, NDArray> leaves, NDManager root) {
        try (NDManager scope = root.newSubManager()) {
            return copy(effective(network, leaves, scope), 1);
        }
    }

    static Map<String, float[]> copy(Map<String, NDArray> arrays, double scale) {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            float[] f = v.toFloatArray();
            if (scale != 1) {
                for (int j = 0; j < f.length; j++) {
                    f[j] = (float) (f[j] * scale);
                }
            }
            out.put(k, f);
        });
        return out;
    }
}
