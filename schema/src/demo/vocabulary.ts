/**
 * @module demo/vocabulary
 * Chinese words demo data is built from: place names (街道, 镇, 社区, 村, roads), name
 * parts of 非公企业, 个体工商户, 社会组织 (商会, 协会, 社会工作服务中心 …) and 专业市场,
 * industries, people's names, and the wording inspectors use for problems found.
 * Drawn from the kinds of organisations and terms in /work/shared/seeds (亭湖区 work
 * reports, 克什克腾旗 "1+N" grids, 两新组织 work summaries). Not real organisations.
 */

export const SURNAMES: readonly string[] = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范单',
]

export const GIVEN_NAME_CHARS: readonly string[] = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红鹏斌宇浩凯健俊帆琳晶波峰海春林志新荣兰梅燕慧婷雪欣成亮东晓雷',
]

/** Seat of the demo district; area code and division code match (盐城市亭湖区). */
export const CITY = '盐城市'
export const DISTRICT_DIVISION_CODE = '320902'
export const AREA_CODE = '0515'

export const DISTRICT_NAMES = ['亭湖区', '城南新区', '滨江区', '新华区', '开发区', '东城区']

export const STREET_NAMES = [
  '城东',
  '城西',
  '城南',
  '城北',
  '新城',
  '文峰',
  '五星',
  '先锋',
  '毓龙',
  '新兴',
  '大洋',
  '东亭',
  '南洋',
  '钱江',
  '迎宾',
  '人民',
  '解放',
  '建设',
  '和平',
  '新华',
]

export const TOWN_NAMES = [
  '新河',
  '黄尖',
  '盐东',
  '永丰',
  '长安',
  '青山',
  '白沙',
  '桃园',
  '芝瑞',
  '沙河',
  '双茨',
  '薛百',
  '太平',
  '丰收',
  '龙冈',
  '大丰',
  '南湖',
  '北港',
  '梅林',
  '清水',
]

export const COMMUNITY_NAMES = [
  '幸福',
  '建设',
  '和平',
  '友谊',
  '光明',
  '春晖',
  '越华',
  '新宝',
  '天华',
  '赛罕',
  '锦绣',
  '朝阳',
  '金港',
  '翠苑',
  '阳光',
  '向阳',
  '文苑',
  '北门',
  '南苑',
  '东方',
  '康乐',
  '富民',
  '丰产',
  '联合',
  '红旗',
  '新民',
  '永兴',
  '胜利',
  '团结',
  '长青',
]

export const ROADS = [
  '人民路',
  '解放路',
  '建设路',
  '开放大道',
  '青年路',
  '迎宾大道',
  '文港路',
  '新都路',
  '世纪大道',
  '希望大道',
  '黄海路',
  '红旗路',
  '工业路',
  '创业路',
  '通榆路',
  '园区路',
  '纬二路',
  '经一路',
  '长江路',
  '太湖路',
]

export const PROVINCE_PREFIXES = ['江苏', '盐城', '亭湖', '苏北', '黄海', '华东']

/** 字号 (trade names), two characters each. */
export const BRANDS = [
  '恒瑞',
  '华通',
  '金鼎',
  '宏达',
  '天合',
  '新亚',
  '鑫源',
  '瑞丰',
  '正泰',
  '永信',
  '东方',
  '嘉禾',
  '盛世',
  '中天',
  '海川',
  '润泽',
  '博远',
  '锦程',
  '汇丰',
  '德润',
  '星辰',
  '富强',
  '远航',
  '弘毅',
  '卓越',
  '安泰',
  '聚源',
  '鼎盛',
  '万通',
  '海德',
  '科达',
  '明珠',
  '悦达',
  '鸿运',
  '佳和',
  '华盛',
  '立信',
  '三友',
  '长城',
  '银河',
  '联创',
  '新途',
  '同舟',
  '凯旋',
]

/** 非公企业: business scope word → industry (行业). */
export const ENTERPRISE_TRADES: readonly (readonly [string, string])[] = [
  ['机械制造', '制造业'],
  ['汽车零部件', '制造业'],
  ['纺织', '制造业'],
  ['电子科技', '制造业'],
  ['新能源科技', '制造业'],
  ['化工', '制造业'],
  ['食品', '制造业'],
  ['环保设备', '制造业'],
  ['建筑安装工程', '建筑业'],
  ['建设工程', '建筑业'],
  ['装饰工程', '建筑业'],
  ['商贸', '批发零售'],
  ['贸易', '批发零售'],
  ['医药连锁', '批发零售'],
  ['信息技术', '信息技术'],
  ['网络科技', '信息技术'],
  ['软件', '信息技术'],
  ['物流', '物流运输'],
  ['运输', '物流运输'],
  ['餐饮管理', '餐饮住宿'],
  ['酒店管理', '餐饮住宿'],
  ['物业管理', '居民服务'],
  ['家政服务', '居民服务'],
  ['房地产开发', '房地产'],
  ['农业科技', '农业'],
]

export const COMPANY_SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 70],
  ['股份有限公司', 8],
  ['有限责任公司', 15],
  ['集团有限公司', 2],
]

/** 个体工商户: shop kind → industry. */
export const SHOP_KINDS: readonly (readonly [string, string])[] = [
  ['便利店', '批发零售'],
  ['五金店', '批发零售'],
  ['超市', '批发零售'],
  ['水果店', '批发零售'],
  ['建材经营部', '批发零售'],
  ['面馆', '餐饮住宿'],
  ['小吃店', '餐饮住宿'],
  ['饭店', '餐饮住宿'],
  ['快餐店', '餐饮住宿'],
  ['理发店', '居民服务'],
  ['汽车修理部', '居民服务'],
  ['干洗店', '居民服务'],
  ['电动车维修部', '居民服务'],
  ['手机维修店', '居民服务'],
]

/** 社会组织: name pattern (`{}` = place or trade) → industry. */
export const SOCIAL_KINDS: readonly (readonly [string, string])[] = [
  ['{place}商会', '社会服务'],
  ['{place}个体私营企业协会', '社会服务'],
  ['{place}物流行业协会', '社会服务'],
  ['{place}餐饮行业协会', '社会服务'],
  ['{brand}社会工作服务中心', '社会服务'],
  ['{place}{brand}养老服务中心', '社会服务'],
  ['{place}志愿者协会', '社会服务'],
  ['{place}{brand}民办幼儿园', '教育'],
  ['{place}{brand}职业培训学校', '教育'],
  ['{place}{brand}社区卫生服务站', '卫生'],
  ['{place}书法家协会', '文化体育'],
  ['{place}篮球协会', '文化体育'],
  ['{place}慈善基金会', '社会服务'],
  ['{place}{brand}律师事务所', '社会服务'],
  ['{place}{brand}会计师事务所', '社会服务'],
]

/** Places whose 商会 sit in the district (异地商会). */
export const HOMETOWNS = ['温州', '福建', '安徽', '浙江', '泰州', '南通', '河南', '江西']

/** 专业市场. */
export const MARKET_KINDS = [
  '农贸市场',
  '建材市场',
  '小商品市场',
  '家具城',
  '汽配城',
  '水产品批发市场',
  '农副产品批发市场',
  '电子市场',
]

export const NOTES = [
  '2026年新纳入台账',
  '已迁出，待核实',
  '企业停产整顿中',
  '党员组织关系未转入',
  '与邻近企业联合开展活动',
  '负责人支持党建工作',
  '新招录高校毕业生党员1名',
  '拟于年内单独组建',
]

/** Problems inspectors write, per scoring criterion id. */
export const PROBLEMS_BY_CRITERION: Record<string, readonly string[]> = {
  orgSetup: ['党组织未按期换届', '支委分工不明确'],
  secretary: ['书记年度培训不足7天', '书记由企业外人员兼任，履职不到位'],
  recruitment: ['近两年未发展党员', '入党积极分子培养记录不全'],
  meetings: ['"三会一课"记录不完整', '组织生活会召开不规范', '主题党日活动流于形式'],
  site: ['活动场所被挪作他用'],
  facilities: ['活动设施陈旧不全'],
  sign: ['党组织标识未悬挂'],
  flag: ['未悬挂党旗'],
  books: ['党报党刊订阅不足'],
  rulesPosted: ['制度未上墙'],
  wallRules: ['工作制度上墙内容不全'],
  archives: ['"5簿6册1卡"档案缺失', '党员花名册未及时更新', '党费收缴台账不全'],
  funds: ['党建经费未达到工资总额0.5%', '经费使用无明细'],
  exemplary: ['未设立党员示范岗'],
  themed: ['主题实践活动开展较少'],
  massOrgs: ['工会、共青团作用发挥不明显'],
  development: ['党建与生产经营结合不紧'],
  cohesion: ['职工诉求反映渠道不畅'],
  brand: ['尚未形成党建特色品牌'],
}

export const RECTIFICATIONS = [
  '限期补齐档案资料，规范"三会一课"记录',
  '按规定落实党建经费，建立使用台账',
  '完善阵地建设，做到"六有"',
  '书记参加区委组织部集中培训',
  '制定整改方案，报街道党工委备案',
]
