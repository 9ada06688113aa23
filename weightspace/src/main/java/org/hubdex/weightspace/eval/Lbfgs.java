package org.hubdex.weightspace.eval;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimizes a smooth convex function such as the
 * L2-penalized logistic loss in tens of iterations where plain gradient descent on ill-conditioned features
 * would need thousands.
 */
final class Lbfgs {

    /** A function and its gradient. */
    interface Objective {
        /** Writes the gradient at {@code x} into {@code gradient} and returns the value. */
        double evaluate(double[] x, double[] gradient);
    }

    /** The minimizer found, the iterations used and whether the gradient tolerance was met. */
    record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /** Minimizes from {@code start} until the largest gradient component is below {@code tolerance}. */
    static Result minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double value = f.evaluate(x, g);
        Deque<double[][]> history = new ArrayDeque<>(); // {s, y, {rho}}, newest first
        double[] nextX = new double[n];
        double[] nextG = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            if (maxAbs(g) < tolerance) {
                return new Result(x, value, iteration, true);
            }
            double[] direction = direction(g, history);
            double slope = Matrices.dot(direction, g);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                history.clear();
                direction = negate(g);
                slope = Matrices.dot(direction, g);
            }
            double step = history.isEmpty() ? Math.min(1, 1 / Math.max(1e-12, norm(g))) : 1;
            double nextValue;
            int backtracks = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    nextX[i] = x[i] + step * direction[i];
                }
                nextValue = f.evaluate(nextX, nextG);
                if (nextValue <= value + ARMIJO * step * slope || ++backtracks > 50) {
                    break;
                }
                step *= 0.5;
            }
            if (backtracks > 50) {
                return new Result(x, value, iteration, maxAbs(g) < tolerance);
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = nextX[i] - x[i];
                y[i] = nextG[i] - g[i];
            }
            double sy = Matrices.dot(s, y);
            if (sy > 1e-12 * norm(s) * norm(y)) {
                history.addFirst(new double[][] {s, y, {1 / sy}});
                if (history.size() > MEMORY) {
                    history.removeLast();
                }
            }
            System.arraycopy(nextX, 0, x, 0, n);
            System.arraycopy(nextG, 0, g, 0, n);
            value = nextValue;
        }
        return new Result(x, value, maxIterations, maxAbs(g) < tolerance);
    }

    /** The two-loop recursion: {@code -H g} for the inverse Hessian approximation H of the history. */
    private static double[] direction(double[] g, Deque<double[][]> history) {
        double[] q = g.clone();
        double[] alpha = new double[history.size()];
        int k = 0;
        for (double[][] pair : history) {
            alpha[k] = pair[2][0] * Matrices.dot(pair[0], q);
            axpy(-alpha[k], pair[1], q);
            k++;
        }
        if (!history.isEmpty()) {
            double[][] newest = history.peekFirst();
            double gamma = Matrices.dot(newest[0], newest[1]) / Matrices.dot(newest[1], newest[1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        Iterator<double[][]> oldestFirst = history.descendingIterator();
        k = history.size() - 1;
        while (oldestFirst.hasNext()) {
            double[][] pair = oldestFirst.next();
            double beta = pair[2][0] * Matrices.dot(pair[1], q);
            axpy(alpha[k] - beta, pair[0], q);
            k--;
        }
        return negate(q);
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double norm(double[] v) {
        return Math.sqrt(Matrices.dot(v, v));
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
