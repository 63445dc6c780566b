import cProfile, pstats, random, io
from sqlalchemy import text
from learnhub.accounts.models import Role
from learnhub.extensions import db
from tests.conftest import login
from tests.coordination.gain_seed import make_network, seed_cohort

def test_prof(app, client, imported_course, make_member):
    rng = random.Random(2569)
    imported_course("ethics", quizzes=True)
    make_member("admin@example.org", role=Role.ADMIN)
    pre = [rng.randrange(0, 101, 10) for _ in range(5000)]
    post = [min(100, s + rng.randrange(-10, 51, 10)) for s in pre]
    with app.app_context():
        network = make_network("x", province="10")
        cohort = seed_cohort(network, "ethics", pre, post, extra_posttests=1, module_quizzes=True, prefix="b")
        cid = cohort.id
        with db.engine.connect() as c:
            c.execute(text("ANALYZE"))
    login(client, "admin@example.org")
    url = f"/coordination/cohorts/{cid}/gain"
    client.get(url)
    pr = cProfile.Profile(); pr.enable()
    for _ in range(3): client.get(url)
    pr.disable()
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45); print(s.getvalue())
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(25); print(s.getvalue())
    st = pstats.Stats(pr, stream=s); s2 = io.StringIO(); st.stream = s2; st.print_callers("attributes.py:561"); print(s2.getvalue()[:3000])
