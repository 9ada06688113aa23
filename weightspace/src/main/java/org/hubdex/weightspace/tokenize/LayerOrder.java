package org.hubdex.weightspace.tokenize;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The order of a model's layers, read from the structure of their names, never from the checkpoint:
 * safetensors writers sort tensors by dtype and name, so {@code layers.10} comes before {@code layers.2}
 * and {@code classifier} before {@code features} in the file.
 *
 * <p>Names are compared path segment by path segment ({@code blocks.0.attn.qkv} has four). Two sibling
 * segments compare by:
 * <ol>
 *   <li>their stage, from a table of the names common model families use: input stages (embeddings,
 *       patch embedding, class token, position table) first; inside a transformer block the pre-norm, the
 *       attention (query, key, value, then the output projection), the second norm, the MLP (up, then
 *       down); output stages (final norm, pooler, head, classifier) last. Segments the table does not know
 *       (and numeric ones) sit between the input and the output stages;</li>
 *   <li>numeric segments by value ({@code 2 < 10}), before named ones of the same stage;</li>
 *   <li>named segments of the same stage by their place in the table, then naturally: letters, then the
 *       number they end with ({@code conv2 < conv10}).</li>
 * </ol>
 * This puts the zoo's CNNs ({@code features.*} before {@code classifier.*}), MLPs, timm and Hugging Face
 * ViTs, BERT, GPT-2 and Llama in their forward order. For names it does not know it falls back to a
 * natural, deterministic order (in a ResNet block, {@code bn1 bn2 conv1 conv2}: every layer is still
 * there, in a stable order, only not interleaved as in the forward pass).
 *
 * <p>Stateless and thread-safe.
 */
public final class LayerOrder implements Comparator<String> {

    /** The comparator; use it for layer names and tensor names alike. */
    public static final LayerOrder INSTANCE = new LayerOrder();

    private static final int STAGE_INPUT = 0;
    private static final int STAGE_PRE_NORM = 10;
    private static final int STAGE_ATTENTION = 20;
    private static final int STAGE_ATTENTION_OUT = 30;
    private static final int STAGE_UNKNOWN = 35;
    private static final int STAGE_MID_NORM = 40;
    private static final int STAGE_MLP = 50;
    private static final int STAGE_MLP_OUT = 60;
    private static final int STAGE_OUTPUT = 100;

    private static final Map<String, int[]> KNOWN = new HashMap<>();

    static {
        stage(STAGE_INPUT, "embeddings", "embedding", "embed", "embedder", "wte", "wpe", "word_embeddings",
                "position_embeddings", "token_type_embeddings", "embed_tokens", "tok_embeddings", "patch_embed",
                "patch_embeddings", "patch_embedding", "cls_token", "class_embedding", "dist_token", "pos_embed",
                "position_embedding", "positional_embedding", "stem", "conv_stem");
        stage(STAGE_PRE_NORM, "norm1", "ln_1", "ln1", "input_layernorm", "layernorm_before", "attention_norm",
                "self_attn_layer_norm", "pre_norm");
        stage(STAGE_ATTENTION, "attn", "attention", "self_attn", "self_attention", "self", "query", "q", "q_proj",
                "key", "k", "k_proj", "value", "v", "v_proj", "qkv", "c_attn", "in_proj", "query_key_value", "wq",
                "wk", "wv");
        stage(STAGE_ATTENTION_OUT, "proj", "out_proj", "o_proj", "out", "wo");
        stage(STAGE_MID_NORM, "norm2", "ln_2", "ln2", "post_attention_layernorm", "layernorm_after", "ffn_norm",
                "final_layer_norm_block");
        stage(STAGE_MLP, "mlp", "ffn", "feed_forward", "intermediate", "gate_proj", "up_proj", "w1", "w3", "fc1",
                "c_fc", "dense_h_to_4h");
        // GPT-2 names both projections out c_proj: after c_attn in attn, after c_fc in mlp
        stage(STAGE_MLP_OUT, "fc2", "down_proj", "w2", "dense_4h_to_h", "c_proj");
        stage(STAGE_OUTPUT, "output", "norm", "fc_norm", "ln_f", "final_layernorm", "final_layer_norm",
                "layernorm", "layer_norm", "post_layernorm", "pooler", "pre_logits", "head", "heads", "fc",
                "classifier", "lm_head", "score");
    }

    private LayerOrder() {
    }

    private static void stage(int stage, String... names) {
        for (int i = 0; i < names.length; i++) {
            KNOWN.putIfAbsent(names[i], new int[] {stage, i});
        }
    }

    @Override
    public int compare(String a, String b) {
        String[] sa = a.split("\\.", -1);
        String[] sb = b.split("\\.", -1);
        for (int i = 0; i < Math.min(sa.length, sb.length); i++) {
            int c = compareSegments(sa[i], sb[i]);
            if (c != 0) {
                return c;
            }
        }
        // one name is a prefix of the other (e.g. "head" and "head.fc"): the shorter first
        int c = Integer.compare(sa.length, sb.length);
        return c != 0 ? c : a.compareTo(b);
    }

    /** Sorts {@code names} in place in model order and returns them. */
    public List<String> sort(List<String> names) {
        names.sort(this);
        return names;
    }

    private static int compareSegments(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        SegmentKey ka = SegmentKey.of(a);
        SegmentKey kb = SegmentKey.of(b);
        int c = Integer.compare(ka.stage, kb.stage);
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(!ka.numeric, !kb.numeric); // numeric first
        if (c != 0) {
            return c;
        }
        if (ka.numeric) {
            return compareDigits(a, b);
        }
        c = Integer.compare(ka.tableIndex, kb.tableIndex);
        if (c != 0) {
            return c;
        }
        c = ka.stem.compareTo(kb.stem);
        if (c != 0) {
            return c;
        }
        c = compareDigits(ka.digits, kb.digits);
        return c != 0 ? c : a.compareTo(b);
    }

    /** Compares two digit strings (either may be empty, which sorts first) by numeric value, of any length. */
    private static int compareDigits(String a, String b) {
        String ta = stripLeadingZeros(a);
        String tb = stripLeadingZeros(b);
        int c = Integer.compare(ta.length(), tb.length());
        return c != 0 ? c : ta.compareTo(tb);
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private record SegmentKey(int stage, boolean numeric, int tableIndex, String stem, String digits) {
        static SegmentKey of(String segment) {
            if (!segment.isEmpty() && segment.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return new SegmentKey(STAGE_UNKNOWN, true, 0, "", segment);
            }
            String lower = segment.toLowerCase(Locale.ROOT);
            int end = lower.length();
            while (end > 0 && Character.isDigit(lower.charAt(end - 1))) {
                end--;
            }
            String stem = lower.substring(0, end);
            String digits = lower.substring(end);
            int[] known = KNOWN.get(lower);
            if (known != null) {
                return new SegmentKey(known[0], false, known[1], stem, digits);
            }
            return new SegmentKey(STAGE_UNKNOWN, false, Integer.MAX_VALUE, stem, digits);
        }
    }
}
