// `npm run bench`: the harness lives in bench/run.js (see its header).
import '../bench/run.js'
