package io.kith.model.clv;

import java.util.function.ToDoubleFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximises a log-likelihood over positive parameters by searching their logarithms, which keeps every parameter
 * positive without constraints and makes the steps scale-free. BOBYQA (Powell's derivative-free trust-region method,
 * from hipparchus-optim) finds the optimum, to a trust region of 1e-9 in the logarithms. A Nelder-Mead polish after it
 * doubled the evaluations and was dropped: without it the CDNOW fits still match the published parameters to their
 * printed digits.
 */
final class LogParameterFit {
    /** Parameters between e^-20 and e^20: wide enough for any unit of time or currency. */
    private static final double BOUND = 20;

    private LogParameterFit() {
    }

    /** The positive parameters that maximise {@code logLikelihood}, searched from {@code start}. */
    static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        int n = start.length;
        double[] logStart = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            logStart[i] = Math.log(start[i]);
            lower[i] = -BOUND;
            upper[i] = BOUND;
        }
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(logs[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            return Double.isFinite(ll) ? ll : -1e300;
        });
        BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * n + 1, 0.5, 1e-9);
        PointValuePair best = bobyqa.optimize(new MaxEval(20_000), objective, GoalType.MAXIMIZE,
                new InitialGuess(logStart), new SimpleBounds(lower, upper));
        double[] logs = best.getPoint();
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logs[i]);
        }
        return p;
    }
}
