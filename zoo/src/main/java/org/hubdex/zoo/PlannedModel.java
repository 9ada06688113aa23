package org.hubdex.zoo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hubdex.weightspace.safetensors.Dtype;

/**
 * One model of a {@link ZooPlan}: which repository it becomes, where it sits in its tree, which classes it
 * learns and how it is trained. Computed from the preset and seed alone, before any training.
 *
 * @param index position in the plan (parents always come before their children)
 * @param id the repository id {@code author/name}
 * @param family the architecture family (shared by the whole tree)
 * @param activation the hidden activation (shared by the whole tree)
 * @param role base, fine-tune or scratch
 * @param tree the id of the tree's root (the model itself for bases and scratch models)
 * @param parent the model this one is fine-tuned from (its first commit), empty for roots
 * @param depth 0 for roots, 1 for children, 2 for grandchildren
 * @param classes the Fashion-MNIST class indices (0-9) the head predicts, in head order: output {@code i}
 *     means class {@code classes.get(i)}
 * @param recipe how it is trained
 * @param storeAs the dtype of the weights in {@code model.safetensors}: F32, F16 or BF16
 * @param cardStyle how the repository documents itself
 * @param license the license the card declares (when it has front matter)
 * @param createdAt when the repository appears on the zoo's timeline (after its parent)
 * @param update a later commit of the repository, if it gets one
 */
public record PlannedModel(
        int index,
        String id,
        Family family,
        ActivationFunction activation,
        ModelRole role,
        String tree,
        Optional<String> parent,
        int depth,
        List<Integer> classes,
        TrainingRecipe recipe,
        Dtype storeAs,
        CardStyle cardStyle,
        String license,
        Instant createdAt,
        Optional<PlannedUpdate> update) {

    public PlannedModel {
        classes = List.copyOf(classes);
        if (classes.size() < 2 || classes.size() > FashionMnist.CLASS_COUNT
                || classes.stream().distinct().count() != classes.size()
                || classes.stream().anyMatch(c -> c < 0 || c >= FashionMnist.CLASS_COUNT)) {
            throw new IllegalArgumentException(id + ": classes must be 2 to 10 distinct indices in 0..9, got " + classes);
        }
        if (storeAs != Dtype.F32 && storeAs != Dtype.F16 && storeAs != Dtype.BF16) {
            throw new IllegalArgumentException(id + ": storeAs must be F32, F16 or BF16, got " + storeAs);
        }
        if (parent.isPresent() != (role == ModelRole.FINETUNE)) {
            throw new IllegalArgumentException(id + ": a " + role.id() + " model " + (parent.isPresent() ? "has no" : "needs a")
                    + " parent");
        }
        if (id.indexOf('/') <= 0 || id.indexOf('/') != id.lastIndexOf('/')) {
            throw new IllegalArgumentException("model id must be author/name, got '" + id + "'");
        }
    }

    /** The author (namespace) part of {@link #id()}. */
    public String author() {
        return id.substring(0, id.indexOf('/'));
    }

    /** The name part of {@link #id()}. */
    public String name() {
        return id.substring(id.indexOf('/') + 1);
    }

    /** The number of outputs of the head. */
    public int numClasses() {
        return classes.size();
    }
}
