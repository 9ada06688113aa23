package org.hubdex.zoo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;

/**
 * The ground truth of one commit of one repository: one line of {@code manifest.jsonl}. Together with the
 * preset and zoo seed it holds everything needed to reproduce the commit: the plan position, the parent's
 * commit, the classes in head order and the full recipe including its seed.
 *
 * @param id the repository id {@code author/name}
 * @param commit 1 for the first commit, 2 for the later one
 * @param sha the commit sha the local hub serves ({@code org.hubdex.localhub.CommitSha} of the folder)
 * @param weightsSha256 SHA-256 of {@code model.safetensors}, lower-case hex
 * @param path the folder, relative to the zoo's output folder ({@code hub/author/name} or {@code updates/author/name})
 * @param preset the zoo preset
 * @param zooSeed the zoo seed
 * @param planIndex the model's index in the {@link ZooPlan}
 * @param family the architecture family
 * @param activation the hidden activation
 * @param role base, fine-tune or scratch
 * @param tree the id of the tree's root
 * @param parent the parent's id, for fine-tunes
 * @param parentSha the sha of the parent commit the fine-tune started from
 * @param depth 0 for roots, 1 for children, 2 for grandchildren
 * @param classes the Fashion-MNIST class indices in head order
 * @param recipe how this commit's run was trained (for commit 2: the extra epochs, on top of commit 1)
 * @param epochs the total epochs behind this commit (commit 2 counts commit 1's)
 * @param testAccuracy accuracy on all Fashion-MNIST test images of {@code classes}, with the stored weights
 * @param trainAccuracy accuracy on the training sample, with the stored weights (no augmentation)
 * @param testImages the number of test images measured
 * @param trainImages the number of training images in the sample
 * @param dtype the dtype of the stored weights
 * @param cardStyle how the repository documents itself
 * @param createdAt the repository's creation time on the zoo's timeline
 * @param updatedAt for commit 2, when the update happens on the zoo's timeline
 * @param parameterCount parameters in the model
 * @param trainSeconds wall time the run took (not reproducible; informational)
 */
public record ManifestEntry(
        String id,
        int commit,
        String sha,
        String weightsSha256,
        String path,
        ZooPreset preset,
        long zooSeed,
        int planIndex,
        Family family,
        ActivationFunction activation,
        ModelRole role,
        String tree,
        Optional<String> parent,
        Optional<String> parentSha,
        int depth,
        List<Integer> classes,
        TrainingRecipe recipe,
        int epochs,
        double testAccuracy,
        double trainAccuracy,
        int testImages,
        int trainImages,
        Dtype dtype,
        CardStyle cardStyle,
        Instant createdAt,
        Optional<Instant> updatedAt,
        long parameterCount,
        double trainSeconds) {

    public ManifestEntry {
        classes = List.copyOf(classes);
    }

    /** Train minus test accuracy. */
    public double generalizationGap() {
        return trainAccuracy - testAccuracy;
    }

    /** The official names of {@link #classes()}, in head order. */
    public List<String> classNames() {
        return classes.stream().map(FashionMnist.CLASS_NAMES::get).toList();
    }
}
