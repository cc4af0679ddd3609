/* The dead-neuron lab's C ABI: one training run per module instance (the page's worker owns
 * its own instance). Same rules as activation_explorer.h: plain C types, errors as AE_*
 * values with ae_last_error(), caller-owned buffers, library-owned strings. */
#ifndef ACTIVATION_LAB_H
#define ACTIVATION_LAB_H

#include "activation_explorer.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { AE_LAB_NOT_STARTED = 13, AE_LAB_DIVERGED = 14 };

/* The run's settings, as doubles at these indices (ids are the lab's tables in the catalog JSON).
 * AE_LAB_BATCH 0 is the default batch (defaultBatch in the tables) capped at the samples. */
enum {
  AE_LAB_DATASET = 0,
  AE_LAB_SAMPLES,
  AE_LAB_NOISE,
  AE_LAB_LOSS,
  AE_LAB_OPTIMIZER,
  AE_LAB_LR,
  AE_LAB_BETA1,
  AE_LAB_BETA2,
  AE_LAB_EPS,
  AE_LAB_BATCH,
  AE_LAB_SEED,
  AE_LAB_INIT,
  AE_LAB_AT_KINK,
  AE_LAB_LAYERS,
  AE_LAB_TRACK, /* 1: dead units after every step (the lab); 0: training only (benchmarks) */
  AE_LAB_WIDTHS, /* AE_LAB_MAX_LAYERS slots from here */
  AE_LAB_MAX_LAYERS = 8,
  AE_LAB_CONFIG_SIZE = AE_LAB_WIDTHS + AE_LAB_MAX_LAYERS
};

/* The lab's tables as JSON: datasets (id, label, inputs, classes), inits, losses, optimisers,
 * the limits, the default settings and the presets (id, label, description, settings; as the
 * page names its settings), and the index of each setting in the config array (so JavaScript
 * restates none). */
const char* ae_lab_catalog_json(void);

/* Starts a run (replacing any other): both sides' functions (catalog indices) and parameters,
 * count_a and count_b of them (each the function's parameter count, checked before a read). */
int ae_lab_start(const double* config, int config_size, int function_a, const double* params_a, int count_a,
                 int function_b, const double* params_b, int count_b);

/* Runs up to `steps` steps; *done says how many ran. AE_LAB_DIVERGED once a loss is not finite. */
int ae_lab_step(int steps, int* done);

/* A step in pieces of bounded work, for a caller that answers between them (the page's Pause):
 * up to `rows` rows of work (0 to AE_LAB_MAX_ROWS; a batch row forward and backward or a
 * training-set row of the dead-unit pass, for one side), resuming a pending step or starting
 * the next, stopping after `steps` completed steps (0 to the longest run). *done = steps
 * completed, *pending = 1 while a step is partly done (its numbers show once it completes).
 * The same numbers as ae_lab_step, bit for bit, which finishes a pending step first. */
enum { AE_LAB_MAX_ROWS = 1000000 };
int ae_lab_advance(int rows, int steps, int* done, int* pending);

/* Per step from `first` (0-based) on, for one side: the batch loss, then the dead units of each
 * hidden layer, then the nearly dead ones: AE_LAB_HISTORY_FIXED + AE_LAB_HISTORY_PER_LAYER · layers
 * doubles per step (NaN counts when the
 * run does not track units). *count = steps written. */
enum { AE_LAB_HISTORY_FIXED = 1, AE_LAB_HISTORY_PER_LAYER = 2 };
int ae_lab_history(int side, int first, double* out, int capacity, int* count);

/* Now, for one side: per hidden layer the share of training inputs with f' != 0 of each unit
 * (layer after layer), then the gradient norm of each layer (hidden ones, then
 * AE_LAB_UNITS_EXTRA_NORMS for the output) at the last step. *count = doubles written. */
enum { AE_LAB_UNITS_EXTRA_NORMS = 1 }; /* the output layer's norm, after the hidden layers' */
int ae_lab_units(int side, double* out, int capacity, int* count);

/* The network's output for n inputs (n × inputs doubles, n from 0 to AE_LAB_MAX_PREDICT): class
 * probabilities (softmax) or the regression value, n × outputs doubles. */
enum { AE_LAB_MAX_PREDICT = 1000000 };
int ae_lab_predict(int side, const double* x, int n, double* out, int capacity);

/* The training set: x (samples × inputs doubles, room for x_capacity) and y (per sample its
 * class index or target, room for y_capacity), *count = samples. */
int ae_lab_data(double* x, int x_capacity, double* y, int y_capacity, int* count);

/* The batches of the steps from `first` (0-based) on, regenerated from the seed (a run keeps
 * none): per step its batch size, then that many indices into the training set, back to back,
 * as many whole steps as fit in `capacity` ints and the run has taken; *count = steps written
 * (0 once `first` is the run's step count). AE_CAPACITY_TOO_SMALL when not one step fits. */
int ae_lab_batches(int first, int* out, int capacity, int* count);

/* The run in one sentence with what its numbers mean (the page's summary, actviz train's last
 * line); NULL before a start. Library-owned, valid until the next ae_lab_summary. */
const char* ae_lab_summary(void);

/* The whole run as JSON (docs/lab.md); NULL before a start. Library-owned. */
const char* ae_lab_export(void);

#ifdef __cplusplus
}
#endif

#endif
