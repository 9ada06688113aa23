package org.hubdex.trainer.schedule;

/** One retraining: train a candidate, gate it, publish and announce it if it passes. May throw; the loop survives it. */
@FunctionalInterface
public interface RetrainAction {

    TrainingOutcome run() throws Exception;
}
